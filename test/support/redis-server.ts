import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** The loopback address private redis-servers of the tests bind by default. */
export const REDIS_TEST_HOST = '127.70.0.1';

/** The loopback address of the Redis tests of the part stores and the agent outage test (their range). */
export const REDIS_PARTS_HOST = '127.8.0.1';

/** A free TCP port on `host` (bound and released). */
export async function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A private `redis-server` started by a test. */
export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  pid: number;
  /** Stops the server by its PID (SIGKILL when `hard`) and waits for the exit. */
  stop(hard?: boolean): Promise<void>;
  /** Stops and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port of `host` (default 127.70.0.1), without persistence unless
 * `args` ask for it (`['--appendonly', 'yes']`), in its own temporary directory (or `dir`), and
 * waits for PING.
 */
export async function startRedisServer(
  args: string[] = ['--save', '', '--appendonly', 'no'],
  options: { port?: number; dir?: string; host?: string } = {},
): Promise<RedisServer> {
  const host = options.host ?? REDIS_TEST_HOST;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'vigil-redis-'));
  const port = options.port ?? (await freePortOn(host));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', host, '--dir', dir, '--protected-mode', 'no', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://${host}:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early:\n${output}`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer within 10 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (hard = false) => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    }
  };
  return {
    url,
    port,
    dir,
    pid: child.pid!,
    stop,
    dispose: async () => {
      await stop(true);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
