import { readFile } from 'node:fs/promises';
import type { Clock } from '../../correlator/clock/clock.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import { collectSshInventory } from './collect-inventory.js';
import { SshCommandRunner } from './command-runner.js';
import { SshConnectionPool } from './connection-pool.js';
import { HostKeyPolicy } from './host-key-policy.js';
import { Semaphore } from './semaphore.js';
import { type SshAuth, type SshTarget, targetKey } from './ssh-target.js';

/** Credentials and limits of an SSH discovery sweep (`vigil discover --ssh-*`). */
export interface SshDiscoveryOptions {
  user: string;
  /** Private key file (`--ssh-key`). */
  keyFile?: string;
  passphrase?: string;
  password?: string;
  /** ssh-agent socket; default none. */
  agent?: string;
  /** `--ssh-known-hosts`; required: host keys are always verified. */
  knownHostsFile: string;
  /** Accept and record unknown host keys (first contact only). Default false. */
  tofu?: boolean;
  /** Port for addresses that name none; default 22. */
  port?: number;
  /** Hosts inventoried at once; default 20. */
  concurrency?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  clock?: Clock;
}

/** The outcome for one address: its batch, or the VIGIL_ERR_SSH_* error that stopped it. */
export type SshDiscoveryResult =
  | { address: string; batch: ObservationBatch }
  | { address: string; error: VigilError };

/** Progress after each address, for a progress bar. */
export type SshDiscoveryProgress = (done: number, total: number, last: SshDiscoveryResult) => void;

/**
 * Inventories each address over SSH and returns one result per address, in input order. An
 * address is `host`, `host:port` or `[v6]:port`. Host keys are verified against the known_hosts
 * file; one failing host never stops the sweep. Connections are closed at the end.
 */
export async function discoverOverSsh(
  addresses: readonly string[],
  options: SshDiscoveryOptions,
  onProgress: SshDiscoveryProgress = () => undefined,
): Promise<SshDiscoveryResult[]> {
  const auth: SshAuth = {
    ...(options.keyFile
      ? { privateKey: await readKey(options.keyFile), privateKeySource: options.keyFile }
      : {}),
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.agent ? { agent: options.agent } : {}),
  };
  const policy = new HostKeyPolicy({ knownHostsPath: options.knownHostsFile, tofu: options.tofu });
  const pool = new SshConnectionPool(policy, {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    keepaliveIntervalMs: 0,
  });
  const runner = new SshCommandRunner(pool);
  const limit = new Semaphore(options.concurrency ?? 20);
  const results: SshDiscoveryResult[] = new Array(addresses.length);
  // Addresses naming the same host share its pooled connection: close it after the last one.
  const inFlight = new Map<string, number>();
  let done = 0;
  try {
    await Promise.all(
      addresses.map((address, index) =>
        limit.with(async () => {
          const target: SshTarget = {
            ...splitAddress(address, options.port ?? 22),
            user: options.user,
            auth,
          };
          const key = targetKey(target);
          inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
          let result: SshDiscoveryResult;
          try {
            const batch = await collectSshInventory(runner, target, {
              timeoutMs: options.commandTimeoutMs ?? 60_000,
              clock: options.clock,
            });
            result = { address, batch };
          } catch (error) {
            result = { address, error: asVigilError(error, target.host) };
          } finally {
            const left = inFlight.get(key)! - 1;
            inFlight.set(key, left);
            if (left === 0) await pool.drop(target);
          }
          results[index] = result;
          onProgress(++done, addresses.length, result);
        }),
      ),
    );
  } finally {
    await policy.flush();
    await pool.close();
  }
  return results;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port` -> host and port. */
export function splitAddress(address: string, defaultPort: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(address);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : defaultPort };
  const hostPort = /^([^:]+):(\d{1,5})$/.exec(address);
  if (hostPort) return { host: hostPort[1]!, port: Number(hostPort[2]) };
  return { host: address, port: defaultPort };
}

async function readKey(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new VigilError('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE', {
      what: `private key file ${path}`,
      reason: (error as Error).message,
    });
  }
}

function asVigilError(error: unknown, host: string): VigilError {
  if (error instanceof VigilError) return error;
  return new VigilError('VIGIL_ERR_SSH_COMMAND_FAILED', {
    host,
    reason: error instanceof Error ? error.message : String(error),
  });
}
