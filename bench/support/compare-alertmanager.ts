import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { alertPushBodies, type Receiver, startAlertmanager, startParseOnly } from './alert-push.js';
import { findExecutable } from './find-executable.js';
import { type LoadResult, sendBatches } from './http-load.js';

/** Options of the comparison. */
export interface CompareOptions {
  runs: number;
  rounds: number;
  concurrency: number;
  startVigil: () => Promise<Receiver>;
}

const DISTINCT = 10_000;
const TARGETS: Record<number, number> = { 100: 1.5, 1000: 2 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * `bench:ingest --vs-alertmanager`: the same alert-push workload sent to the parse-only ceiling,
 * Alertmanager and vigil in turn, each run on a fresh receiver, interleaved so that drift in the
 * machine's load hits all three alike. Each run times the first push (every alert new) and the
 * resends (`rounds` more pushes of the same alerts) apart; prints every run, the medians, and the
 * ratios for both phases.
 */
export async function compareWithAlertmanager(options: CompareOptions): Promise<void> {
  const alertmanagerBin = findExecutable(['prometheus-alertmanager', 'alertmanager']);
  const receivers: Array<[string, () => Promise<Receiver>]> = [
    ['parse-only ceiling', startParseOnly],
    [
      'alertmanager 0.25',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-am-'));
        const am = await startAlertmanager(alertmanagerBin, dir);
        return {
          ...am,
          stop: async () => {
            await am.stop();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    ],
    ['vigil (embedded, durable)', options.startVigil],
  ];
  const results = new Map<string, LoadResult[]>();
  const record = (key: string, result: LoadResult) => results.set(key, [...(results.get(key) ?? []), result]);
  for (const batchSize of [100, 1000]) {
    const first = alertPushBodies(DISTINCT, 1, batchSize, `b${batchSize}`);
    const resends = alertPushBodies(DISTINCT, options.rounds, batchSize, `b${batchSize}`);
    for (let run = 1; run <= options.runs; run++) {
      for (const [name, start] of receivers) {
        const receiver = await start();
        const send = (bodies: string[]) =>
          sendBatches(
            receiver.url,
            receiver.headers,
            bodies,
            batchSize,
            options.concurrency,
            receiver.okStatus,
          );
        try {
          // The first push creates every alert (and in vigil, its incident); the resends are the
          // steady state of a Prometheus re-sending its active alerts every resend interval.
          record(`${name}|${batchSize}|first push`, await send(first));
          record(`${name}|${batchSize}|resends`, await send(resends));
        } finally {
          await receiver.stop();
        }
      }
    }
  }

  const table = new Table({
    head: [
      'receiver',
      'batch',
      'phase',
      'runs: alerts/s',
      'median alerts/s',
      'median p99 ms',
      'failed',
      'of ceiling',
    ],
  });
  const phases = ['first push', 'resends'] as const;
  const medianRate = (name: string, batch: number, phase: string) =>
    median((results.get(`${name}|${batch}|${phase}`) ?? []).map((r) => r.eventsPerSecond));
  for (const batchSize of [100, 1000]) {
    for (const phase of phases) {
      const ceiling = medianRate('parse-only ceiling', batchSize, phase);
      for (const [name] of receivers) {
        const runs = results.get(`${name}|${batchSize}|${phase}`) ?? [];
        const rate = medianRate(name, batchSize, phase);
        table.push([
          name,
          batchSize,
          phase,
          runs.map((r) => Math.round(r.eventsPerSecond)).join(' / '),
          Math.round(rate),
          median(runs.map((r) => r.p99Ms)).toFixed(1),
          runs.reduce((n, r) => n + r.failures, 0),
          `${((100 * rate) / ceiling).toFixed(0)} %`,
        ]);
      }
    }
  }
  console.log(
    `alert push: ${DISTINCT} distinct alerts x ${options.rounds} rounds, ${options.concurrency} requests in flight, ${options.runs} runs each`,
  );
  console.log(table.toString());
  for (const batchSize of [100, 1000]) {
    const target = TARGETS[batchSize]!;
    for (const phase of phases) {
      const ratio =
        medianRate('vigil (embedded, durable)', batchSize, phase) /
        medianRate('alertmanager 0.25', batchSize, phase);
      console.log(
        `batch ${batchSize}, ${phase}: vigil / alertmanager = ${ratio.toFixed(2)}x; target >= ${target}x -> ${ratio >= target ? 'met' : 'NOT met'}`,
      );
    }
  }
}
