/**
 * `bench:ingest --redis [--replicas 1|2]`: the Prometheus alert-push workload sent to `vigil
 * server` replicas sharing a private redis-server (appendonly yes, appendfsync always, as
 * docs/redis.md asks for zero loss). Two figures per batch size: ingest (the 200 comes after
 * XADD) alerts/s with p50/p99, and end to end alerts/s (until the replicas drained the stream:
 * every alert deduplicated, correlated and committed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { Redis } from 'ioredis';
import { alertPushBodies } from './alert-push.js';
import { type LoadResult, sendBatches } from './http-load.js';
import { freePortFor } from './process-stats.js';

/** This branch's loopback range for private servers. */
const HOST = '127.7.0.1';
const TOKEN = 'bench-token-0123456789abcdef';
const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startRedis(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePortFor();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'yes'],
    { stdio: 'ignore' },
  );
  child.once('error', (error) => {
    throw new Error(`bench: redis-server cannot start (${error.message}); install the redis-server package`);
  });
  const url = `redis://${HOST}:${port}`;
  await until(
    'redis-server',
    async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.config('SET', 'appendfsync', 'always');
        return true;
      } finally {
        probe.disconnect();
      }
    },
    10_000,
  );
  return { url, child };
}

async function startReplica(dir: string, config: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePortFor();
  const child = spawn(process.execPath, [VIGIL, 'server', '-c', config, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await until('vigil server', async () => (await fetch(`${base}/readyz`)).status === 200, 30_000);
  return { base, child };
}

const stop = async (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(child.pid!, signal);
  await exited;
};

/** Runs the workload at batch 100 and 1,000 against `replicas` replicas and prints the table. */
export async function redisWorkload(options: {
  replicas: number;
  rounds: number;
  concurrency: number;
  distinct: number;
}) {
  const rows: Array<[string, LoadResult, number]> = [];
  for (const batchSize of [100, 1000]) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-redis-'));
    const children: ChildProcess[] = [];
    try {
      const redis = await startRedis(dir);
      children.push(redis.child);
      const config = join(dir, 'server.yaml');
      writeFileSync(
        config,
        `server:\n  tokens:\n    - { name: bench, role: admin, token: "${TOKEN}" }\n  limits: { batchEvents: 5000 }\nstore: { kind: redis, url: "${redis.url}", keyPrefix: bench }\nhost: { enabled: false }\nsuppression: { topology: { enabled: false } }\n`,
      );
      const bases: string[] = [];
      for (let i = 0; i < options.replicas; i++) {
        const replica = await startReplica(dir, config);
        children.push(replica.child);
        bases.push(replica.base);
      }
      const bodies = alertPushBodies(options.distinct, options.rounds, batchSize, `r${batchSize}`);
      const started = performance.now();
      const result = await sendBatches(
        bases.map((b) => `${b}/api/v2/alerts`),
        { authorization: `Bearer ${TOKEN}` },
        bodies,
        batchSize,
        options.concurrency,
        200,
      );
      const watch = new Redis(redis.url);
      try {
        const stream = '{bench}:ingest:stream';
        await until(
          'the replicas to drain the stream',
          async () => {
            const [last] = await watch.xrevrange(stream, '+', '-', 'COUNT', 1);
            const groups = (await watch.xinfo('GROUPS', stream)) as Array<Array<string | number>>;
            const group = groups[0]!;
            const delivered = String(group[group.indexOf('last-delivered-id') + 1]);
            const pending = Number(group[group.indexOf('pending') + 1]);
            return last !== undefined && delivered === last[0] && pending === 0;
          },
          600_000,
        );
      } finally {
        watch.disconnect();
      }
      const endToEnd = result.events / ((performance.now() - started) / 1000);
      rows.push([`redis, ${options.replicas} replica(s), batch ${batchSize}`, result, endToEnd]);
    } finally {
      for (const child of children.reverse()) await stop(child);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const table = new Table({
    head: ['workload', 'alerts', 'ingest alerts/s', 'p50 ms', 'p99 ms', 'end-to-end alerts/s', 'failed'],
  });
  for (const [name, r, endToEnd] of rows) {
    table.push([
      name,
      r.events,
      Math.round(r.eventsPerSecond),
      r.p50Ms.toFixed(1),
      r.p99Ms.toFixed(1),
      Math.round(endToEnd),
      r.failures,
    ]);
  }
  console.log(
    `vigil server (Redis mode): POST /api/v2/alerts, ${options.distinct} distinct alerts x ${options.rounds} rounds, ${options.concurrency} requests in flight, appendfsync always. Ingest answers after XADD; end to end is until every alert was committed.`,
  );
  console.log(table.toString());
}
