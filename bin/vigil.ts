#!/usr/bin/env node
/**
 * The `vigil` command: parses flags, runs one command, turns errors into a one-line message with
 * their VIGIL_ERR code and a non-zero exit. Commands live in `bin/commands/`.
 */
import { Command, Option } from 'commander';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { runAgent } from './commands/agent.js';
import { configCheck } from './commands/config-check.js';
import { discoverCli } from './commands/discover-cli.js';
import { rulesTest } from './commands/rules-test.js';
import { runAllInOne } from './commands/run.js';
import { runServer } from './commands/server.js';
import { limitHeapGrowth } from './heap-growth.js';

const program = new Command();
program
  .name('vigil')
  .description('Monitoring-driven automation and event correlation: events become classified ITIL incidents.')
  .version('0.1.0')
  .showHelpAfterError();

const common = (command: Command) =>
  command
    .option('-c, --config <file>', 'YAML config file (default: none, built-in defaults)')
    .option('--listen <host:port>', 'API and /metrics address (default 127.0.0.1:9860)')
    .option('--data-dir <dir>', 'embedded store and state directory', './var')
    .addOption(
      new Option('--log-level <level>', 'log level').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
        'fatal',
      ]),
    );

common(program.command('run'))
  .description('all-in-one: embedded store, local host monitoring, correlator, API and /metrics')
  .action(async (opts: { config?: string; listen?: string; dataDir: string; logLevel?: string }) => {
    limitHeapGrowth('run');
    const { stop, correlator } = await runAllInOne({
      configPath: opts.config,
      flags: { listen: opts.listen, dataDir: opts.dataDir, logLevel: opts.logLevel },
    });
    const shutdown = (signal: string) => {
      process.stderr.write(`\nvigil: ${signal} received, shutting down\n`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`vigil: shutdown failed: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    // SIGHUP reloads the rule files; a bad reload is logged and keeps the previous rules.
    process.on('SIGHUP', () => {
      correlator.rules.reload().catch(() => undefined);
    });
  });

common(program.command('server'))
  .description(
    'one replica of a distributed installation (store.kind redis): API and correlator; ingest goes through a Redis Stream, timers run under a lease',
  )
  .action(async (opts: { config?: string; listen?: string; dataDir: string; logLevel?: string }) => {
    limitHeapGrowth('server');
    const { stop, correlator } = await runServer({
      configPath: opts.config,
      flags: { listen: opts.listen, dataDir: opts.dataDir, logLevel: opts.logLevel },
    });
    const shutdown = (signal: string) => {
      process.stderr.write(`\nvigil server: ${signal} received, shutting down\n`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`vigil server: shutdown failed: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGHUP', () => {
      correlator.rules.reload().catch(() => undefined);
    });
  });

common(program.command('agent'))
  .description('collection only: host probe and threshold rules, shipped to agent.url through a disk spool')
  .action(async (opts: { config?: string; listen?: string; dataDir: string; logLevel?: string }) => {
    limitHeapGrowth('agent');
    const { stop } = await runAgent({
      configPath: opts.config,
      flags: { dataDir: opts.dataDir, logLevel: opts.logLevel },
      listen: opts.listen,
    });
    const shutdown = (signal: string) => {
      process.stderr.write(`\nvigil agent: ${signal} received, shutting down\n`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`vigil agent: shutdown failed: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

const config = program.command('config').description('configuration tools');
config
  .command('check <file>')
  .description('validate a config file and the rule files it names; errors name file, line and key')
  .option('--json', 'machine-readable result')
  .action(async (file: string, opts: { json?: boolean }) => {
    process.exitCode = await configCheck(file, { json: opts.json === true });
  });

const collect = (value: string, previous: string[]) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
};
program
  .command('discover [targets...]')
  .description(
    'discover devices at addresses, host names or IPv4/IPv6 CIDRs into the CMDB (SNMP, and SSH with --ssh-user; host:port overrides the port); with -c and no targets, the snmp.discovery ranges',
  )
  .option(
    '-c, --config <file>',
    'take SNMP/SSH credential sets, snmp.discovery ranges and the store from this config; flags override',
  )
  .option('--ssh-credential <name>', 'with -c: the ssh.credentials entry to log in with (default: the first)')
  .option('--snmp-community <c>', 'SNMP v2c community to try (repeatable; default: public)', collect, [])
  .option('--snmp-v1', 'use SNMPv1 for the communities')
  .option('--snmp-v3-user <user>', 'SNMPv3 user to try after the communities')
  .option('--snmp-v3-auth-protocol <p>', 'md5|sha|sha224|sha256|sha384|sha512', 'sha')
  .option('--snmp-v3-auth-key <key>', 'SNMPv3 authentication key (authNoPriv/authPriv)')
  .option('--snmp-v3-priv-protocol <p>', 'des|aes|aes256b|aes256r', 'aes')
  .option('--snmp-v3-priv-key <key>', 'SNMPv3 privacy key (authPriv)')
  .option('--concurrency <n>', 'addresses probed at once', positiveInt, 64)
  .option('--timeout <ms>', 'SNMP timeout per request', positiveInt, 1000)
  .option('--retries <n>', 'SNMP retries per request', (v) => Number(v), 1)
  .option('--max-repetitions <n>', 'GETBULK max-repetitions for inventory walks', positiveInt, 25)
  .option('--ssh-user <user>', 'also inventory hosts over SSH as this user (needs --ssh-known-hosts)')
  .option('--ssh-key <file>', 'private key file for --ssh-user (default: the ssh-agent in SSH_AUTH_SOCK)')
  .option('--ssh-known-hosts <file>', 'known_hosts file that pins SSH host keys (unknown keys are refused)')
  .option('--ssh-tofu', 'accept and record the host key of an SSH host seen for the first time')
  .option('--crawl', 'also probe LLDP/CDP neighbours whose addresses are inside the given ranges')
  .option('--json', 'print CIs, relations, links and failures as JSON')
  .option('--dry-run', 'write nothing to the CMDB')
  .option('--data-dir <dir>', 'embedded store directory (CMDB written to <dir>/vigil.db)', './var')
  .action(async (targets: string[], opts: Record<string, unknown>) => {
    process.exitCode = await discoverCli(targets, opts);
  });

const rules = program.command('rules').description('rule tools');
rules
  .command('test <file>')
  .description(
    'run rule unit tests: input events at given times, expected alerts and incidents (docs/rules-test.md)',
  )
  .option('--json', 'machine-readable result')
  .action(async (file: string, opts: { json?: boolean }) => {
    process.exitCode = await rulesTest(file, { json: opts.json === true });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof VigilError) {
    process.stderr.write(`vigil: ${error.code}: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`vigil: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(70);
});
