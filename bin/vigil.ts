#!/usr/bin/env node
/**
 * The `vigil` command: parses flags, runs one command, turns errors into a one-line message with
 * their VIGIL_ERR code and a non-zero exit. Commands live in `bin/commands/`.
 */
import { Command, Option } from 'commander';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { configCheck } from './commands/config-check.js';
import { rulesTest } from './commands/rules-test.js';
import { runAllInOne } from './commands/run.js';

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

const config = program.command('config').description('configuration tools');
config
  .command('check <file>')
  .description('validate a config file and the rule files it names; errors name file, line and key')
  .option('--json', 'machine-readable result')
  .action(async (file: string, opts: { json?: boolean }) => {
    process.exitCode = await configCheck(file, { json: opts.json === true });
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
