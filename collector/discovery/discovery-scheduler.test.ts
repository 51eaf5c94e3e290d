import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../agent/fake-timers.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { createDiscoveryMetrics } from './discovery-metrics.js';
import type { DiscoverySchedule } from './discovery-schedule.js';
import {
  type DiscoveryJob,
  DiscoveryScheduler,
  MAX_TIMER_MS,
  type SweepSummary,
} from './discovery-scheduler.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const HOUR = 3_600_000;
const SUMMARY: SweepSummary = {
  probed: 254,
  found: 3,
  silent: 251,
  failed: 0,
  links: 1,
  created: 4,
  updated: 0,
};

/** Fake timers plus a clock that reads their time; `spend` moves the clock while a sweep runs. */
function harness() {
  const timers = new FakeTimers();
  let extra = 0;
  const clock = { now: () => T0 + timers.now + extra };
  const logs: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const log = {
    info: (fields: object, message: string) => logs.push({ level: 'info', message, fields: { ...fields } }),
    warn: (fields: object, message: string) => logs.push({ level: 'warn', message, fields: { ...fields } }),
  };
  const registry = new Registry();
  const metrics = createDiscoveryMetrics(registry);
  return { timers, clock, logs, log, registry, metrics, spend: (ms: number) => (extra += ms) };
}

function job(name: string, schedule: DiscoverySchedule, sweep: DiscoveryJob['sweep']): DiscoveryJob {
  return { name, schedule, sweep };
}

async function metricValue(registry: Registry, name: string, labels: Record<string, string>) {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
}

describe('DiscoveryScheduler', () => {
  it('sweeps an every-job at start and then every period, with logs and metrics', async () => {
    const h = harness();
    const starts: number[] = [];
    const scheduler = new DiscoveryScheduler(
      [
        job('lab', { kind: 'every', everyMs: 6 * HOUR }, async () => {
          starts.push(h.clock.now());
          h.spend(90_000);
          return SUMMARY;
        }),
      ],
      { log: h.log, metrics: h.metrics, clock: h.clock, timers: h.timers },
    );
    scheduler.start();
    expect(h.timers.delays).toEqual([0]);
    await h.timers.fireNext();
    await h.timers.fireNext();
    await h.timers.fireNext();
    // Slots are start + k * period: the 90 s a sweep takes does not make the schedule drift.
    expect(starts.map((t) => t - T0)).toEqual([0, 6 * HOUR, 12 * HOUR]);
    expect(h.timers.delays).toEqual([6 * HOUR - 90_000]);
    expect(
      await metricValue(h.registry, 'vigil_discovery_sweeps_total', { job: 'lab', outcome: 'completed' }),
    ).toBe(3);
    expect(await metricValue(h.registry, 'vigil_discovery_devices', { job: 'lab' })).toBe(3);
    const duration = (await h.registry.getSingleMetric('vigil_discovery_sweep_duration_seconds')!.get()) as {
      values: Array<{ metricName?: string; value: number }>;
    };
    expect(duration.values.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(270);
    const finished = h.logs.filter((l) => l.message === 'discovery sweep finished');
    expect(finished).toHaveLength(3);
    expect(finished[0]!.fields).toMatchObject({ job: 'lab', found: 3, created: 4, seconds: 90 });
    await scheduler.stop();
    expect(h.timers.delays).toEqual([]);
  });

  it('never overlaps a job with itself: nothing is armed while it runs, overrun starts are skipped', async () => {
    const h = harness();
    let inFlight = 0;
    let peak = 0;
    const starts: number[] = [];
    let release: () => void = () => {};
    const scheduler = new DiscoveryScheduler(
      [
        job('slow', { kind: 'every', everyMs: HOUR }, async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          starts.push(h.clock.now() - T0);
          if (starts.length === 1) {
            // The first sweep takes 2.5 periods.
            await new Promise<void>((r) => {
              release = r;
            });
            h.spend(2.5 * HOUR);
          }
          inFlight--;
          return SUMMARY;
        }),
      ],
      { log: h.log, metrics: h.metrics, clock: h.clock, timers: h.timers },
    );
    scheduler.start();
    const first = h.timers.fireNext();
    await new Promise((r) => setImmediate(r));
    expect(scheduler.running('slow')).toBe(true);
    expect(h.timers.delays).toEqual([]);
    release();
    await first;
    expect(scheduler.running('slow')).toBe(false);
    // Started at 0, ended at 2.5 h: the 1 h and 2 h starts are skipped, the next is at 3 h.
    expect(h.timers.delays).toEqual([0.5 * HOUR]);
    await h.timers.fireNext();
    expect(starts).toEqual([0, 3 * HOUR]);
    expect(peak).toBe(1);
    expect(await metricValue(h.registry, 'vigil_discovery_sweeps_skipped_total', { job: 'slow' })).toBe(2);
    expect(h.logs.find((l) => l.level === 'warn')?.message).toMatch(/longer than its period/);
    await scheduler.stop();
  });

  it('runs a cron job at its next start in its time zone, not at start-up', async () => {
    const h = harness();
    const starts: string[] = [];
    const scheduler = new DiscoveryScheduler(
      [
        job('nightly', { kind: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' }, async () => {
          starts.push(new Date(h.clock.now()).toISOString());
          return SUMMARY;
        }),
      ],
      { log: h.log, metrics: h.metrics, clock: h.clock, timers: h.timers },
    );
    scheduler.start();
    await h.timers.fireNext();
    await h.timers.fireNext();
    expect(starts).toEqual(['2026-03-02T01:30:00.000Z', '2026-03-03T01:30:00.000Z']);
    await scheduler.stop();
  });

  it('takes waits longer than a Node timer allows in steps and still starts on time', async () => {
    const h = harness();
    const starts: string[] = [];
    const scheduler = new DiscoveryScheduler(
      [
        job('yearly', { kind: 'cron', cron: '0 0 1 1 *', timezone: 'UTC' }, async () => {
          starts.push(new Date(h.clock.now()).toISOString());
          return SUMMARY;
        }),
      ],
      { log: h.log, metrics: h.metrics, clock: h.clock, timers: h.timers },
    );
    scheduler.start();
    expect(h.timers.delays).toEqual([MAX_TIMER_MS]);
    while (starts.length === 0) await h.timers.fireNext();
    expect(starts).toEqual(['2027-01-01T00:00:00.000Z']);
    await scheduler.stop();
  });

  it('counts and logs a failed sweep with its code and tries again at the next start', async () => {
    const h = harness();
    let calls = 0;
    const scheduler = new DiscoveryScheduler(
      [
        job('flaky', { kind: 'every', everyMs: HOUR }, async () => {
          calls++;
          if (calls === 1) throw new VigilError('VIGIL_ERR_STORE_UNAVAILABLE', { reason: 'disk full' });
          return SUMMARY;
        }),
      ],
      { log: h.log, metrics: h.metrics, clock: h.clock, timers: h.timers },
    );
    scheduler.start();
    await h.timers.fireNext();
    await h.timers.fireNext();
    expect(calls).toBe(2);
    expect(
      await metricValue(h.registry, 'vigil_discovery_sweeps_total', { job: 'flaky', outcome: 'failed' }),
    ).toBe(1);
    expect(
      await metricValue(h.registry, 'vigil_discovery_sweeps_total', { job: 'flaky', outcome: 'completed' }),
    ).toBe(1);
    const failed = h.logs.find((l) => l.level === 'warn')!;
    expect(failed.fields).toMatchObject({ job: 'flaky', code: 'VIGIL_ERR_STORE_UNAVAILABLE' });
    expect(failed.message).toMatch(/next start/);
    await scheduler.stop();
  });

  it('stop cancels a running sweep through its signal, waits for it and arms nothing', async () => {
    const h = harness();
    let seen: AbortSignal | null = null;
    const scheduler = new DiscoveryScheduler(
      [
        job('long', { kind: 'every', everyMs: HOUR }, async (signal) => {
          seen = signal;
          await new Promise((r) => signal.addEventListener('abort', r));
          return SUMMARY;
        }),
      ],
      { log: h.log, metrics: h.metrics, clock: h.clock, timers: h.timers },
    );
    scheduler.start();
    const running = h.timers.fireNext();
    await new Promise((r) => setImmediate(r));
    await scheduler.stop();
    await running;
    expect(seen!.aborted).toBe(true);
    expect(h.timers.delays).toEqual([]);
    expect(
      await metricValue(h.registry, 'vigil_discovery_sweeps_total', { job: 'long', outcome: 'cancelled' }),
    ).toBe(1);
  });
});
