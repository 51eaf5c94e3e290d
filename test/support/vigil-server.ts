import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { waitFor } from './child-binary.js';
import { VIGIL_BIN, type VigilProcess } from './vigil-process.js';

/** The admin token the distributed-mode end-to-end configs give every replica. */
export const SERVER_ADMIN_TOKEN = 'server-admin-token-0123456789abcdef';

/** What a test replica's config varies: its Redis, key prefix, stream batch and extra sections. */
export interface ReplicaConfig {
  url: string;
  prefix: string;
  /** Entries a replica reads per XREADGROUP; the stream section (claimIdle 2s) is left out without it. */
  streamBatch?: number;
  /** YAML appended as is (snmp, notify, ... sections). */
  extra?: string;
}

/**
 * Writes a `vigil server` config to `path` for the distributed-mode end-to-end tests: the admin
 * token, the Redis store with short lease (and claim) times so faults resolve within seconds, no
 * host monitoring and no topology wait; returns `path`.
 */
export function writeReplicaConfig(path: string, config: ReplicaConfig): string {
  const stream =
    config.streamBatch === undefined ? '' : `  stream: { claimIdle: 2s, batch: ${config.streamBatch} }\n`;
  writeFileSync(
    path,
    `server:
  tokens:
    - { name: admin, role: admin, token: "${SERVER_ADMIN_TOKEN}" }
store:
  kind: redis
  url: "${config.url}"
  keyPrefix: ${config.prefix}
${stream}  lease: { ttl: 2s, renewEvery: 500ms }
host: { enabled: false }
suppression: { topology: { enabled: false } }
${config.extra ?? ''}`,
  );
  return path;
}

/**
 * Starts a `vigil server` replica with `configPath` on `port` of `host` (127.0.0.1 unless a test
 * uses its own loopback range) and waits until `/readyz` answers 200 (bounded); the caller stops
 * it by PID (`kill`).
 */
export async function startVigilServer(
  cwd: string,
  configPath: string,
  port: number,
  host = '127.0.0.1',
): Promise<VigilProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [VIGIL_BIN, 'server', '--config', configPath, '--listen', `${host}:${port}`],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://${host}:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigil server exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vigil server did not become ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      process.kill(child.pid!, signal);
      return exited;
    },
  };
}

/** Calls a replica's API with the admin token; JSON bodies. */
export async function serverApi(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${SERVER_ADMIN_TOKEN}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

/** A metric's value in a replica's `/metrics` text (sum over label sets), or 0 when absent. */
export async function metricValue(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/**
 * Sends every body to the replicas as a client that retries does: each batch goes to the next
 * replica in turn and is sent again (same body, same event ids) after any failure, until one
 * answers 2xx or `deadline`. `concurrency` senders share the batches. Resolves with how many
 * batches were acknowledged; `onAck` sees the running count.
 */
export async function sendWithRetries(
  bases: () => string[],
  bodies: string[],
  options: { path: string; concurrency: number; deadline: number; onAck?: (acked: number) => void },
): Promise<{ acked: number; failures: number }> {
  let next = 0;
  let acked = 0;
  let failures = 0;
  let turn = 0;
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      for (;;) {
        const targets = bases();
        const base = targets[turn++ % targets.length]!;
        try {
          const res = await fetch(`${base}${options.path}`, {
            method: 'POST',
            body: bodies[i],
            headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}`, 'content-type': 'application/json' },
            signal: AbortSignal.timeout(5000),
          });
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) break;
        } catch {
          // connection refused or reset: the replica died; retry elsewhere
        }
        failures++;
        if (Date.now() > options.deadline) throw new Error(`batch ${i} was never acknowledged`);
        await new Promise((r) => setTimeout(r, 100));
      }
      acked++;
      options.onAck?.(acked);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { acked, failures };
}

/**
 * Waits (bounded) until a replica's `/metrics` says it holds the timer lease, or no longer holds
 * it with `held: false`; the timeout error carries `explain()` (the replicas' output).
 */
export function waitForLease(
  replica: VigilProcess,
  what: string,
  explain: () => string,
  options: { held?: boolean; timeoutMs?: number } = {},
): Promise<true> {
  const want = options.held === false ? 0 : 1;
  return waitFor(
    what,
    async () => ((await metricValue(replica.base, 'vigil_lease_held')) === want ? true : undefined),
    options.timeoutMs ?? 10_000,
    explain,
    200,
  );
}
