import { describe, expect, it } from 'vitest';
import { FixtureSystemInformation, loadHostFixture } from '../collector/host/fixture-system-information.js';
import { HostProbe } from '../collector/host/host-probe.js';
import { ManualClock } from '../correlator/clock/clock.js';
import type { NativeEvent } from '../correlator/model/event.js';
import type { ObservationBatch } from '../correlator/model/observation.js';
import { parseRuleText } from '../rules/parse-rule-text.js';
import { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { HostMonitor } from './host-monitor.js';
import type { CycleReport, HostMonitorOptions, HostProbeLike } from './host-monitor-types.js';
import type { Timers } from './timers.js';

/** Timers that only fire when the test says so; firing awaits the work the callback started. */
class FakeTimers implements Timers {
  readonly pending = new Map<number, { callback: () => unknown; ms: number }>();
  #next = 1;

  setTimeout(callback: () => unknown, ms: number): number {
    const id = this.#next++;
    this.pending.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Fires the oldest pending timer and waits for its cycle; returns the delay it was set with. */
  async fireNext(): Promise<number> {
    const [id, timer] = [...this.pending.entries()][0] ?? [];
    if (id === undefined || !timer) throw new Error('no timer pending');
    this.pending.delete(id);
    await timer.callback();
    return timer.ms;
  }
}

const RULES = parseRuleText(
  `thresholds:
  - name: filesystem-full
    metric: filesystem.used_percent
    above: 90
    recover: 85
    severity: major
    category: capacity
    summary: 'Filesystem {{ labels.mount }} is {{ value }}% full'
`,
  'test.yaml',
).thresholds;

interface SetupOptions {
  options?: HostMonitorOptions;
  wrap?: (probe: HostProbeLike) => HostProbeLike;
  evaluator?: ThresholdEvaluator;
}

function setup({
  options = {},
  wrap = (p) => p,
  evaluator = new ThresholdEvaluator(RULES),
}: SetupOptions = {}) {
  const fake = new FixtureSystemInformation(loadHostFixture('bare-metal'));
  const clock = new ManualClock();
  const timers = new FakeTimers();
  const probe = wrap(new HostProbe({ si: fake.si, os: fake.os, statfs: fake.statfs, clock, fast: fake.si }));
  const events: NativeEvent[][] = [];
  const observations: ObservationBatch[] = [];
  const cycles: CycleReport[] = [];
  const sinks = {
    onEvents: async (batch: NativeEvent[]) => {
      events.push(batch);
    },
    onObservations: async (batch: ObservationBatch) => {
      observations.push(batch);
    },
    onCycle: (report: CycleReport) => {
      cycles.push(report);
    },
  };
  const monitor = new HostMonitor(
    { probe, evaluator, sinks, clock, timers },
    { intervalMs: 15_000, ...options },
  );
  /** Fires the next timer, then lets one interval of time pass. */
  const tick = async () => {
    const delay = await timers.fireNext();
    clock.advance(15_000);
    return delay;
  };
  /** Sets how full the root filesystem is. */
  const rootAt = (percent: number) => {
    const fsSize = structuredClone(fake.fixture['fsSize']) as {
      mount: string;
      used: number;
      available: number;
    }[];
    const root = fsSize.find((fs) => fs.mount === '/')!;
    const total = root.used + root.available;
    root.used = Math.round((total * percent) / 100);
    root.available = total - root.used;
    fake.fixture = { ...fake.fixture, fsSize };
  };
  return { fake, clock, timers, monitor, events, observations, cycles, sinks, tick, rootAt };
}

describe('HostMonitor', () => {
  it('drives three cycles: the full disk fires, stays quiet, then resolves', async () => {
    const { monitor, tick, timers, events, observations, cycles, rootAt } = setup();
    monitor.start();
    expect(await tick()).toBe(0);
    expect(await tick()).toBe(15_000);
    rootAt(50);
    await tick();

    expect(events.map((batch) => batch.map((e) => [e.status, e.check, e.labels?.['mount']]))).toEqual([
      [['firing', 'filesystem-full', '/']],
      [['resolved', 'filesystem-full', '/']],
    ]);
    expect(events[0]![0]).toMatchObject({ source: 'host', resource: 'db-prod-01', severity: 'major' });
    expect(observations).toHaveLength(1);
    expect(observations[0]!.cis[0]).toMatchObject({ class: 'host', name: 'db-prod-01' });
    expect(observations[0]).not.toHaveProperty('errors');
    expect(cycles.map((c) => [c.errors, c.events])).toEqual([
      [[], 1],
      [[], 0],
      [[], 1],
    ]);
    expect(cycles.every((c) => c.samples > 20 && c.durationMs >= 0 && c.cpuMs >= 0)).toBe(true);
    expect(timers.pending.size).toBe(1);
    await monitor.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('refreshes interfaces every slowInterval and the inventory every inventoryInterval', async () => {
    const calls: string[] = [];
    const record = <T>(name: string, run: () => T): T => {
      calls.push(name);
      return run();
    };
    const spy = (probe: HostProbeLike): HostProbeLike => ({
      fast: () => probe.fast(),
      slow: () => record('slow', () => probe.slow()),
      inventory: () => record('inventory', () => probe.inventory()),
      refreshInventory: () => record('refreshInventory', () => probe.refreshInventory()),
    });
    const { monitor, tick, observations, cycles } = setup({
      options: { slowIntervalMs: 30_000, inventoryIntervalMs: 45_000 },
      wrap: spy,
    });
    monitor.start();
    for (let i = 0; i < 5; i++) await tick();
    expect(calls).toEqual(['inventory', 'slow', 'slow', 'refreshInventory', 'slow']);
    expect(observations).toHaveLength(2);
    expect(cycles.map((c) => c.samples > 0)).toEqual([true, true, true, true, true]);
    await monitor.stop();
  });

  it('carries the slow samples into every fast cycle until the next refresh', async () => {
    const seen: number[] = [];
    class SpyEvaluator extends ThresholdEvaluator {
      override evaluate(...args: Parameters<ThresholdEvaluator['evaluate']>): NativeEvent[] {
        seen.push(args[0].samples.filter((s) => s.name === 'network.carrier_changes_total').length);
        return super.evaluate(...args);
      }
    }
    const { monitor, tick } = setup({ evaluator: new SpyEvaluator(RULES) });
    monitor.start();
    await tick();
    await tick();
    expect(seen).toEqual([2, 2]);
    await monitor.stop();
  });

  it('offers undelivered events and observations again in the next cycle', async () => {
    const { monitor, tick, sinks, events, observations, cycles } = setup();
    const deliver = sinks.onEvents;
    const observe = sinks.onObservations;
    let failEvents = true;
    let failObservations = true;
    sinks.onEvents = async (batch) => {
      if (failEvents) {
        failEvents = false;
        throw new Error('correlator unreachable');
      }
      await deliver(batch);
    };
    sinks.onObservations = async (batch) => {
      if (failObservations) {
        failObservations = false;
        throw new Error('correlator unreachable');
      }
      await observe(batch);
    };
    monitor.start();
    await tick();
    expect(cycles[0]!.errors).toEqual([
      { call: 'onObservations', error: 'correlator unreachable' },
      { call: 'onEvents', error: 'correlator unreachable' },
    ]);
    expect([events.length, observations.length]).toEqual([0, 0]);
    await tick();
    expect(events.map((batch) => batch.map((e) => e.status))).toEqual([['firing']]);
    expect(observations).toHaveLength(1);
    expect(cycles[1]!.errors).toEqual([]);
    await monitor.stop();
  });

  it('records a failing probe as a cycle error and keeps its schedule', async () => {
    const { monitor, tick, cycles, timers } = setup({
      wrap: (probe) => ({
        slow: () => probe.slow(),
        inventory: () => probe.inventory(),
        refreshInventory: () => probe.refreshInventory(),
        fast: () => Promise.reject(new Error('probe crashed')),
      }),
    });
    monitor.start();
    await tick();
    expect(cycles[0]).toMatchObject({
      errors: [{ call: 'fast', error: 'probe crashed' }],
      samples: 0,
      events: 0,
    });
    expect(timers.pending.size).toBe(1);
    await monitor.stop();
  });

  it('never overlaps cycles, and stop() waits for the running one', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let fastCalls = 0;
    const { monitor, timers, cycles } = setup({
      wrap: (probe) => ({
        slow: () => probe.slow(),
        inventory: () => probe.inventory(),
        refreshInventory: () => probe.refreshInventory(),
        fast: async () => {
          fastCalls++;
          await gate;
          return probe.fast();
        },
      }),
    });
    monitor.start();
    const firing = timers.fireNext();
    const again = monitor.runCycle();
    expect(monitor.runCycle()).toBe(again);
    let stopped = false;
    const stopping = monitor.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    release();
    await Promise.all([firing, stopping]);
    expect(fastCalls).toBe(1);
    expect(cycles).toHaveLength(1);
    expect(timers.pending.size).toBe(0);
  });
});
