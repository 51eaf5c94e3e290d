import { Registry } from 'prom-client';
import { SshDiscoverySource } from '../../collector/ssh/discovery-source.js';
import { resolveRuntimeConfig } from '../../config/overrides.js';
import type { ResolvedConfig } from '../../config/types.js';
import { Cmdb } from '../../correlator/cmdb/cmdb.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { createVigilMetrics } from '../../correlator/metrics/vigil-metrics.js';
import { storeFromConfig } from '../store-from-config.js';
import { type DiscoverOptions, discover } from './discover.js';

const V3_FLAGS = [
  'snmpV3User',
  'snmpV3AuthProtocol',
  'snmpV3AuthKey',
  'snmpV3PrivProtocol',
  'snmpV3PrivKey',
] as const;

/** Where `vigil discover` writes and reads besides its flags; tests pass their own. */
export interface DiscoverCliIo {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * `vigil discover [targets...]` from its parsed flags. With `-c FILE` the config supplies what
 * the flags leave out: the SNMP credential sets of `snmp.credentials` (in order, secrets
 * resolved; without targets, the sets the `snmp.discovery` sweeps name), an SSH login from `ssh.credentials` (the first, or `--ssh-credential NAME`) with
 * `ssh.knownHosts`, the ranges of `snmp.discovery` when no target is given, and the store of
 * `store` as the CMDB written to. Flags always win: any `--snmp-*` credential flag replaces the
 * config's SNMP sets, `--ssh-user` replaces its SSH login. Returns the exit code.
 */
export async function discoverCli(
  targets: readonly string[],
  opts: Record<string, unknown>,
  io: DiscoverCliIo = {},
): Promise<number> {
  const options: DiscoverOptions = {
    targets: [...targets],
    snmpCommunity: (opts.snmpCommunity as string[] | undefined) ?? [],
    snmpV1: opts.snmpV1 === true,
    concurrency: (opts.concurrency as number | undefined) ?? 64,
    timeoutMs: (opts.timeout as number | undefined) ?? 1000,
    retries: (opts.retries as number | undefined) ?? 1,
    maxRepetitions: (opts.maxRepetitions as number | undefined) ?? 25,
    crawl: opts.crawl === true,
    json: opts.json === true,
    dryRun: opts.dryRun === true,
    dataDir: (opts.dataDir as string | undefined) ?? './var',
    ...(io.out ? { out: io.out } : {}),
    ...(io.err ? { err: io.err } : {}),
  };
  for (const key of V3_FLAGS) {
    if (typeof opts[key] === 'string') options[key] = opts[key];
  }
  if (typeof opts.sshUser === 'string') {
    if (typeof opts.sshKnownHosts !== 'string') {
      throw new VigilError('VIGIL_ERR_BAD_REQUEST', {
        reason: '--ssh-user needs --ssh-known-hosts FILE: vigil verifies every SSH host key',
      });
    }
    const agent = (io.env ?? process.env).SSH_AUTH_SOCK;
    options.extraSources = [
      new SshDiscoverySource({
        user: opts.sshUser,
        knownHostsFile: opts.sshKnownHosts,
        ...(typeof opts.sshKey === 'string' ? { keyFile: opts.sshKey } : agent ? { agent } : {}),
        tofu: opts.sshTofu === true,
      }),
    ];
  }
  if (typeof opts.config === 'string') {
    const { config } = await resolveRuntimeConfig({
      configPath: opts.config,
      flags: { dataDir: options.dataDir },
      env: io.env ?? process.env,
      ...(io.cwd ? { cwd: io.cwd } : {}),
    });
    applyConfig(options, config, typeof opts.sshCredential === 'string' ? opts.sshCredential : undefined);
  } else if (typeof opts.sshCredential === 'string') {
    throw new VigilError('VIGIL_ERR_BAD_REQUEST', {
      reason: '--ssh-credential names a set of the -c config file',
    });
  }
  return discover(options);
}

/** Fills in from the config what the flags did not give (see discoverCli). */
function applyConfig(
  options: DiscoverOptions,
  config: ResolvedConfig,
  sshCredential: string | undefined,
): void {
  const snmpFlags = options.snmpCommunity.length > 0 || options.snmpV3User !== undefined;
  const sweeps = config.snmp?.discovery ?? [];
  const fromSweeps = options.targets.length === 0;
  if (fromSweeps) {
    options.targets = [...new Set(sweeps.flatMap((d) => d.range))];
    if (options.targets.length === 0) {
      throw new VigilError('VIGIL_ERR_DISCOVER_TARGET', {
        value: '',
        reason: 'no target was given and the config has no snmp.discovery ranges',
      });
    }
  }
  if (!snmpFlags && config.snmp && config.snmp.credentials.length > 0) {
    // Sweeping the configured ranges: the sets those sweeps name, in order; else every set.
    const names = fromSweeps ? [...new Set(sweeps.flatMap((d) => d.credentials))] : null;
    options.credentials = names
      ? names.flatMap((n) => config.snmp!.credentials.filter((c) => c.name === n))
      : [...config.snmp.credentials];
  }
  if (!options.extraSources && config.ssh && (config.ssh.credentials.length > 0 || sshCredential)) {
    const login = sshCredential
      ? config.ssh.credentials.find((c) => c.name === sshCredential)
      : config.ssh.credentials[0];
    if (!login) {
      throw new VigilError('VIGIL_ERR_BAD_REQUEST', {
        reason: `--ssh-credential ${sshCredential}: the config has no ssh.credentials entry of that name`,
      });
    }
    options.extraSources = [
      new SshDiscoverySource({
        user: login.user,
        knownHostsFile: config.ssh.knownHosts,
        tofu: config.ssh.tofu,
        connectTimeoutMs: config.ssh.connectTimeoutMs,
        ...(login.privateKey !== undefined ? { privateKey: login.privateKey } : {}),
        ...(login.privateKeySource !== undefined ? { privateKeySource: login.privateKeySource } : {}),
        ...(login.passphrase !== undefined ? { passphrase: login.passphrase } : {}),
        ...(login.password !== undefined ? { password: login.password } : {}),
        ...(login.agent !== undefined ? { agent: login.agent } : {}),
      }),
    ];
  }
  options.openCmdb = async () => {
    const configured = storeFromConfig(config.store);
    return {
      cmdb: new Cmdb(configured.store, createVigilMetrics(new Registry())),
      where: configured.where,
      close: () => configured.store.close(),
    };
  };
}
