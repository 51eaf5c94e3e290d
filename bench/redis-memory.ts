/**
 * `npm run bench:redis-memory`: the issue's memory benchmark. Pushes N distinct firing alerts
 * (default 1,000,000) through a correlator on the Redis store and reports the correlator's RSS
 * (target: under 500 MB throughout, so the peak while the alerts are pushed counts, not only the
 * RSS at rest; per-alert state lives in Redis, the process keeps only bounded caches) and
 * Redis' used_memory. A private redis-server without persistence is started on a free port of
 * 127.8.0.1 unless `--redis URL` names one (a random key prefix isolates the run; its keys are
 * deleted at the end; Redis' used_memory is then the whole server's, not only this run's).
 * Options: --alerts N, --batch N (events per request, default 1000), --concurrency N (default 2),
 * --severity S (default info: below the incident threshold, so alerts stay alerts), --redis URL.
 * The correlator runs with the heap tuning of `vigil server` (bin/heap-growth.ts;
 * VIGIL_HEAP_GROWING_PERCENT=0 runs it with V8's default for comparison).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { Redis } from 'ioredis';
import { rssOf } from './support/process-stats.js';

const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '2' },
    severity: { type: 'string', default: 'info' },
    redis: { type: 'string' },
  },
});
const ALERTS = Number(values.alerts);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const TOKEN = 'bench-redis-memory-token-0123456789';
const HOST = '127.8.0.1';
const MB = 1024 * 1024;
for (const [name, n] of [
  ['--alerts', ALERTS],
  ['--batch', BATCH],
  ['--concurrency', CONCURRENCY],
] as const)
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** A private redis-server, or null when --redis names one. */
async function privateRedis(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  if (values.redis) return null;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://${HOST}:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch (error) {
      probe.disconnect();
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startCorrelator(url: string, prefix: string): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./support/serve-redis-correlator.js', import.meta.url));
  const child = fork(script, [url, prefix, TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    execArgv: ['--expose-gc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).port as number));
    child.once('exit', (code) => reject(new Error(`correlator exited with ${code}`)));
  });
  return { child, port };
}

/** What the correlator reports of its memory. */
interface Stats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** The heap tuning the correlator ran with (bin/heap-growth.ts). */
  heapGrowth: string;
}

const stats = (child: ChildProcess) =>
  new Promise<Stats>((resolve) => {
    child.once('message', (m) => resolve(m as Stats));
    child.send('stats');
  });

const body = (from: number, count: number) =>
  JSON.stringify({
    events: Array.from({ length: count }, (_, i) => ({
      source: 'bench',
      resource: `host-${from + i}`,
      check: 'bench.memory',
      severity: values.severity,
      status: 'firing',
      summary: `open alert ${from + i}`,
      labels: { rack: `r${(from + i) % 100}` },
    })),
  });

const redisServer = await privateRedis();
const url = values.redis ?? redisServer!.url;
const prefix = `bench-mem-${randomUUID().slice(0, 8)}`;
const { child, port } = await startCorrelator(url, prefix).catch(async (error: unknown) => {
  // Nothing of the run is left behind when the correlator does not come up.
  await redisServer?.stop();
  throw error;
});
const redis = new Redis(url);
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, rssOf(child.pid!));
}, 250);
try {
  let next = 0;
  let done = 0;
  const started = performance.now();
  let lastReport = started;
  const worker = async () => {
    while (next < ALERTS) {
      const from = next;
      const count = Math.min(BATCH, ALERTS - from);
      next += count;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: body(from, count),
      });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      done += count;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = done / ((lastReport - started) / 1000);
        console.error(
          `${done} alerts, ${rate.toFixed(0)}/s, correlator RSS ${(rssOf(child.pid!) / MB).toFixed(0)} MB`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const settled = await stats(child);
  const info = await redis.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  const stored = await redis.hlen(`{${prefix}}:alert:doc`);
  const firing = await redis.zlexcount(`{${prefix}}:alert:by-state`, '[firing\u0000', '[firing\u0000\u00ff');
  const table = new Table({ head: ['Redis mode, open alerts', 'value'] });
  table.push(
    ['alerts pushed / stored / firing', `${ALERTS} / ${stored} / ${firing}`],
    ['ingest time, alerts/s', `${seconds.toFixed(1)} s, ${(ALERTS / seconds).toFixed(0)}/s`],
    ['correlator RSS, peak during load (target < 500 MB)', `${(peakRss / MB).toFixed(0)} MB`],
    ['correlator RSS after GC', `${(settled.rss / MB).toFixed(0)} MB`],
    [
      'correlator heap used / total, external',
      `${(settled.heapUsed / MB).toFixed(0)} / ${(settled.heapTotal / MB).toFixed(0)} MB, ${(settled.external / MB).toFixed(0)} MB`,
    ],
    ['Redis used_memory', `${(used / MB).toFixed(0)} MB (${(used / ALERTS).toFixed(0)} bytes/alert)`],
  );
  console.log(table.toString());
  if (stored !== ALERTS) throw new Error(`expected ${ALERTS} alerts in Redis, found ${stored}`);
  // "Stays under": the target holds for the peak while the alerts were pushed, not only at rest.
  const worst = Math.max(peakRss, settled.rss);
  console.log(
    worst < 500 * MB
      ? `RSS target met (peak and after GC below 500 MB; heap growth ${settled.heapGrowth})`
      : `RSS target MISSED (${(worst / MB).toFixed(0)} MB >= 500 MB; heap growth ${settled.heapGrowth})`,
  );
} finally {
  clearInterval(sampler);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (values.redis) {
    // A shared Redis keeps nothing of the run: delete its keys by the random prefix.
    // SCAN, not KEYS: a shared Redis keeps serving others while the run's keys are found.
    for await (const keys of redis.scanStream({ match: `{${prefix}}:*`, count: 500 }))
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
  redis.disconnect();
  await redisServer?.stop();
}
