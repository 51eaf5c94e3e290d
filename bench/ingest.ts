/**
 * `npm run bench:ingest`: native events through the real HTTP API into a durable SQLite store.
 * 200,000 events over 10,000 distinct fingerprints, in batches of 100 and of 1,000; prints
 * events/s and p50/p99 latency from request to "stored and correlated" (the 202).
 * Each workload runs `--runs` times (default 3) on a fresh store; the table shows every run and
 * the target line uses the median, because single runs on a 2-core VM vary by +-10 %.
 * Options: --events N (default 200000), --fingerprints N (default 10000), --concurrency N (default 4),
 * --runs N (default 3), --profile DIR (write a V8 CPU profile of each server process to DIR).
 *
 * `--vs-alertmanager` runs the Prometheus alert-push comparison instead: `POST /api/v2/alerts`
 * with 10,000 distinct alerts (each sent --rounds times, default 5), batches of 100 and 1,000, to
 * the Debian Alertmanager binary, to vigil (embedded, durable) and to a parse-only receiver (the
 * harness's ceiling), in turn in one run; prints alerts/s, p99, the ratios to the ceiling and
 * vigil's ratio to Alertmanager against the targets (2x at batch 1,000, 1.5x at batch 100).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import type { Receiver } from './support/alert-push.js';
import { compareWithAlertmanager } from './support/compare-alertmanager.js';
import { type LoadResult, sendBatches } from './support/http-load.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    fingerprints: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'string' },
    'vs-alertmanager': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
  },
});
const TOTAL = Number(values.events);
const FINGERPRINTS = Number(values.fingerprints);
const CONCURRENCY = Number(values.concurrency);
const RUNS = Number(values.runs);
const TOKEN = 'bench-token-0123456789abcdef';
const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;

function makeBodies(batchSize: number, run: string): string[] {
  const bodies: string[] = [];
  for (let sent = 0; sent < TOTAL; sent += batchSize) {
    const events = [];
    for (let i = sent; i < Math.min(TOTAL, sent + batchSize); i++) {
      const n = i % FINGERPRINTS;
      events.push({
        source: 'bench',
        resource: `host-${run}-${n % 500}`,
        check: `check.${n % 20}`,
        severity: SEVERITIES[n % SEVERITIES.length],
        status: 'firing',
        summary: `bench event ${n}`,
        labels: { instance: `i-${n}`, run },
      });
    }
    bodies.push(JSON.stringify({ events }));
  }
  return bodies;
}

async function startServer(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./support/serve-correlator.js', import.meta.url));
  const execArgv = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = fork(script, [dir, TOKEN], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).port as number));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

const stats = (child: ChildProcess) =>
  new Promise<{ rss: number; cpuMs: number }>((resolve) => {
    child.once('message', (m) => resolve(m as { rss: number; cpuMs: number }));
    child.send('stats');
  });

/** Starts vigil's bench server in a fresh directory; `stop` also removes the directory. */
async function startVigil(): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const { child, port } = await startServer(dir);
  return {
    url: `http://127.0.0.1:${port}/api/v2/alerts`,
    headers: { authorization: `Bearer ${TOKEN}` },
    okStatus: 200,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (values['vs-alertmanager']) {
  await compareWithAlertmanager({
    runs: RUNS,
    rounds: Number(values.rounds),
    concurrency: CONCURRENCY,
    startVigil,
  });
} else {
  await nativeWorkload();
}

async function nativeWorkload(): Promise<void> {
  const rows: Array<[string, LoadResult, number, number]> = [];
  for (const batchSize of [100, 1000]) {
    const bodies = makeBodies(batchSize, `b${batchSize}`);
    for (let run = 1; run <= RUNS; run++) {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
      const { child, port } = await startServer(dir);
      try {
        const result = await sendBatches(
          `http://127.0.0.1:${port}/api/v1/events`,
          { authorization: `Bearer ${TOKEN}` },
          bodies,
          batchSize,
          CONCURRENCY,
          202,
        );
        const { rss, cpuMs } = await stats(child);
        rows.push([`native, batch ${batchSize}, run ${run}`, result, rss, cpuMs]);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  const table = new Table({
    head: [
      'workload',
      'events',
      'seconds',
      'events/s',
      'p50 ms',
      'p99 ms',
      'failed requests',
      'server RSS MB',
      'server CPU µs/event',
    ],
  });
  for (const [name, r, rss, cpuMs] of rows) {
    table.push([
      name,
      r.events,
      r.seconds.toFixed(2),
      Math.round(r.eventsPerSecond),
      r.p50Ms.toFixed(1),
      r.p99Ms.toFixed(1),
      r.failures,
      (rss / 1048576).toFixed(0),
      ((cpuMs * 1000) / r.events).toFixed(1),
    ]);
  }
  console.log(
    `vigil ingest: ${TOTAL} events, ${FINGERPRINTS} fingerprints, ${CONCURRENCY} requests in flight, SQLite synchronous=FULL`,
  );
  console.log(table.toString());
  for (const batchSize of [100, 1000]) {
    const runs = rows.filter(([name]) => name.includes(`batch ${batchSize},`)).map(([, r]) => r);
    const rates = runs.map((r) => r.eventsPerSecond).sort((a, b) => a - b);
    const p99s = runs.map((r) => r.p99Ms).sort((a, b) => a - b);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? 0;
    const line = `batch ${batchSize}: median ${Math.round(median(rates))} events/s, median p99 ${median(p99s).toFixed(1)} ms`;
    if (batchSize === 1000) {
      const met = median(rates) >= 30_000 ? 'met' : 'NOT met';
      console.log(`${line}; target >= 30000 events/s -> ${met}`);
    } else {
      console.log(line);
    }
  }
}
