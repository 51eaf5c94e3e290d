import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../correlator/clock/clock.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import { RedisKeys } from '../../correlator/store/redis/keys.js';
import { RedisSweepSlots } from '../../correlator/stream/discovery-slots.js';
import { Lease } from '../../correlator/stream/lease.js';
import { LeasedTimers } from '../../correlator/stream/leased-timers.js';
import { defineDistributedScripts } from '../../correlator/stream/scripts.js';
import { waitFor } from '../../test/support/child-binary.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { createDiscoveryMetrics } from './discovery-metrics.js';
import type { DiscoverySchedule } from './discovery-schedule.js';
import type { DiscoveryJob, SweepSummary } from './discovery-scheduler.js';
import { fencedCmdb } from './fenced-cmdb.js';
import { LeasedDiscovery } from './leased-discovery.js';
import type { DiscoveryCmdb } from './record-discovery.js';

/** This file's private redis-server, on this branch's loopback range. */
const HOST = '127.93.0.1';
const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const SUMMARY: SweepSummary = { probed: 4, found: 1, silent: 3, failed: 0, links: 0, created: 1, updated: 0 };

/** A sweep the test releases by hand; it writes one batch, as a real sweep does, unless aborted. */
function gatedSweep() {
  const starts: number[] = [];
  const signals: AbortSignal[] = [];
  let open: () => void = () => {};
  let gate = Promise.resolve();
  let failing = false;
  return {
    /** From now on each sweep fails (an error that is not the lease's). */
    fail() {
      failing = true;
    },
    starts,
    signals,
    /** From now on each sweep waits for `release`. */
    hold() {
      gate = new Promise<void>((r) => {
        open = r;
      });
    },
    release: () => open(),
    run: (clock: ManualClock, cmdb: () => DiscoveryCmdb) => async (signal: AbortSignal) => {
      starts.push(clock.now());
      signals.push(signal);
      await gate;
      if (failing)
        throw Object.assign(new Error('every credential set refused'), { code: 'VIGIL_ERR_SNMP_AUTH' });
      if (!signal.aborted) await cmdb().observe({ source: 'discovery' } as unknown as ObservationBatch);
      return SUMMARY;
    },
  };
}

describe('leased discovery (two replicas on a real redis-server, manual clocks)', () => {
  let server: RedisServer;
  const connections: Redis[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    server = await startRedisServer(undefined, { host: HOST });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    for (const redis of connections.splice(0)) redis.disconnect();
  });
  afterAll(async () => server?.dispose());

  /** An installation: its key prefix and the CMDB writes every replica's sweeps made. */
  const installation = () => ({
    prefix: `h7-test-${randomBytes(6).toString('hex')}`,
    written: [] as string[],
  });

  /** One replica: its lease, leased timers with the discovery job, its metrics and log. */
  const replica = (
    inst: ReturnType<typeof installation>,
    name: string,
    clock: ManualClock,
    schedule: DiscoverySchedule,
    sweep: ReturnType<typeof gatedSweep>,
    ttlMs = 60_000,
  ) => {
    const redis = new Redis(server.url, { maxRetriesPerRequest: 2 });
    redis.on('error', () => {});
    connections.push(redis);
    const keys = new RedisKeys(inst.prefix).distributed;
    const scripts = defineDistributedScripts(redis);
    const lease = new Lease({
      acquire: scripts['lease-acquire'],
      renew: scripts['lease-renew'],
      release: scripts['lease-release'],
      key: keys.lease,
      fenceKey: keys.fence,
      owner: name,
      ttlMs,
      clock,
    });
    const cmdb = fencedCmdb(
      {
        observe: async () => {
          inst.written.push(name);
          return { created: 1, updated: 0 };
        },
      },
      () => lease.holds(),
      'lab',
    );
    const registry = new Registry();
    const logs: string[] = [];
    const log = {
      info: (_: object, message: string) => logs.push(message),
      warn: (_: object, message: string) => logs.push(message),
    };
    const job: DiscoveryJob = { name: 'lab', schedule, sweep: sweep.run(clock, () => cmdb) };
    const discovery = new LeasedDiscovery([job], {
      slots: new RedisSweepSlots({
        redis,
        claim: scripts['discovery-claim'],
        leaseKey: keys.lease,
        slotsKey: keys.slots,
        lease,
      }),
      clock,
      log,
      metrics: createDiscoveryMetrics(registry),
    });
    const timers = new LeasedTimers({
      lease,
      clock,
      renewEveryMs: Math.floor(ttlMs / 3),
      jobs: [{ name: 'discovery', everyMs: 1000, run: (term) => discovery.step(term) }],
    });
    cleanups.push(async () => {
      sweep.release();
      await discovery.stop();
      await timers.stop();
    });
    const sweeps = async (outcome: string) =>
      (await registry.getSingleMetric('vigil_discovery_sweeps_total')!.get()).values.find(
        (v) => v.labels.outcome === outcome,
      )?.value ?? 0;
    return { lease, timers, discovery, logs, sweeps, redis, keys, registry };
  };

  it('only the holder sweeps; a new holder keeps the shared schedule: no second sweep of a slot', async () => {
    const inst = installation();
    const clock = new ManualClock(T0);
    const sweep = gatedSweep();
    const every = { kind: 'every', everyMs: 10 * MIN } as const;
    const a = replica(inst, 'a', clock, every, sweep);
    const b = replica(inst, 'b', clock, every, sweep);
    await a.timers.step();
    await b.timers.step();
    await a.discovery.idle();
    // The first sweep runs at once, on A only, and its slot is shared.
    expect(sweep.starts).toEqual([T0]);
    expect(inst.written).toEqual(['a']);
    expect(await a.redis.hget(a.keys.slots, 'lab')).toBe(String(T0));

    clock.advance(4 * MIN);
    await a.timers.step();
    // A hands the lease over (shutdown); B holds it at its next step but the slot is not due yet.
    await a.timers.stop();
    await b.timers.step();
    expect(b.lease.holds()).toBe(true);
    clock.advance(5 * MIN);
    await b.timers.step();
    expect(sweep.starts).toEqual([T0]);

    // B sweeps the next slot of the grid, late by 30 s: the slot stays T0 + 10 min.
    clock.advance(MIN + 30_000);
    await b.timers.step();
    await b.discovery.idle();
    expect(sweep.starts).toEqual([T0, T0 + 10 * MIN + 30_000]);
    expect(await b.redis.hget(b.keys.slots, 'lab')).toBe(String(T0 + 10 * MIN));
    expect(inst.written).toEqual(['a', 'b']);
    expect(await a.sweeps('completed')).toBe(1);
    expect(await b.sweeps('completed')).toBe(1);

    // Slots nobody swept (no replica held the lease) make one sweep of the latest, the others skipped.
    clock.advance(25 * MIN);
    await b.timers.step();
    await b.discovery.idle();
    expect(await b.redis.hget(b.keys.slots, 'lab')).toBe(String(T0 + 30 * MIN));
    expect(
      (await b.registry.getSingleMetric('vigil_discovery_sweeps_skipped_total')!.get()).values[0]?.value,
    ).toBe(1);
    expect(b.logs).toContainEqual(expect.stringContaining('starts were skipped'));
  });

  it('a sweep running when the lease is lost writes nothing after the loss and counts as cancelled', async () => {
    const inst = installation();
    const clockA = new ManualClock(T0);
    const clockB = new ManualClock(T0);
    const sweep = gatedSweep();
    const every = { kind: 'every', everyMs: 10 * MIN } as const;
    const a = replica(inst, 'a', clockA, every, sweep, 400);
    const b = replica(inst, 'b', clockB, every, sweep, 400);
    sweep.hold();
    await a.timers.step();
    expect(a.discovery.running('lab')).toBe(true);

    // A is paused (SIGSTOP, a long GC) past its lease time: nothing of A runs, its clock moves on.
    clockA.advance(401);
    expect(a.lease.holds()).toBe(false);
    // Redis expires A's lease; B takes it, and the shared slot tells B the slot is taken.
    await waitFor(
      'B takes the lease',
      async () => {
        await b.timers.step();
        return b.lease.holds() || undefined;
      },
      5000,
      () => b.logs.join('\n'),
    );
    await b.timers.step();
    expect(sweep.starts).toEqual([T0]);

    // A resumes mid-sweep before its timers notice (its signal is not aborted yet): the write it
    // reaches is refused by the fence.
    expect(sweep.signals[0]!.aborted).toBe(false);
    sweep.release();
    await a.discovery.idle();
    expect(inst.written).toEqual([]);
    expect(await a.sweeps('cancelled')).toBe(1);
    expect(await a.sweeps('completed')).toBe(0);
    expect(a.logs).toContainEqual(expect.stringContaining('cancelled because the timer lease was lost'));
  });

  it('the lease term signal stops a sweep as soon as the timers see the lease is lost', async () => {
    const inst = installation();
    const clockA = new ManualClock(T0);
    const clockB = new ManualClock(T0);
    const sweep = gatedSweep();
    const every = { kind: 'every', everyMs: 10 * MIN } as const;
    const a = replica(inst, 'a', clockA, every, sweep, 400);
    const b = replica(inst, 'b', clockB, every, sweep, 400);
    sweep.hold();
    await a.timers.step();
    clockA.advance(401);
    await waitFor(
      'B takes the lease',
      async () => {
        await b.timers.step();
        return b.lease.holds() || undefined;
      },
      5000,
      () => '',
    );
    // A's timers run again: the renewal fails, the term ends, the running sweep is aborted.
    expect(sweep.signals[0]!.aborted).toBe(false);
    await a.timers.step();
    expect(a.lease.holds()).toBe(false);
    expect(sweep.signals[0]!.aborted).toBe(true);
    sweep.release();
    await a.discovery.idle();
    expect(inst.written).toEqual([]);
    expect(await a.sweeps('cancelled')).toBe(1);
    // A holds no lease: it starts nothing, however long it waits.
    clockA.advance(30 * MIN);
    await a.timers.step();
    expect(sweep.starts).toEqual([T0]);
  });

  it('a cron schedule never swept is anchored, then swept at its next start by the holder', async () => {
    const inst = installation();
    const clock = new ManualClock(Date.parse('2026-03-02T01:00:00Z'));
    const sweep = gatedSweep();
    const cron = { kind: 'cron', cron: '*/15 * * * *', timezone: 'UTC' } as const;
    const a = replica(inst, 'a', clock, cron, sweep);
    await a.timers.step();
    expect(sweep.starts).toEqual([]);
    expect(await a.redis.hget(a.keys.slots, 'lab')).toBe(String(clock.now()));
    clock.advance(14 * MIN);
    await a.timers.step();
    expect(sweep.starts).toEqual([]);
    clock.advance(MIN + 5000);
    await a.timers.step();
    await a.discovery.idle();
    expect(sweep.starts).toEqual([clock.now()]);
    expect(await a.redis.hget(a.keys.slots, 'lab')).toBe(String(Date.parse('2026-03-02T01:15:00Z')));
  });

  it('a stored slot that is not a time (malformed, oversized, hostile) is replaced, with a warning', async () => {
    for (const stored of ['not-a-time', '9'.repeat(4096), '-5', '1e12', '99999999999999999999', ' 12']) {
      const inst = installation();
      const clock = new ManualClock(T0);
      const sweep = gatedSweep();
      const a = replica(inst, 'a', clock, { kind: 'every', everyMs: 10 * MIN }, sweep);
      await a.redis.hset(a.keys.slots, 'lab', stored);
      await a.timers.step();
      await a.discovery.idle();
      expect(sweep.starts).toEqual([T0]);
      expect(await a.redis.hget(a.keys.slots, 'lab')).toBe(String(T0));
      expect(a.logs).toContainEqual(expect.stringContaining('is not a time'));
      await a.redis.del(a.keys.slots, a.keys.lease, a.keys.fence);
    }
  });

  it('the claim is fenced in Redis: a replica whose lease value is not in the key, or a stale read, takes nothing', async () => {
    const inst = installation();
    const clock = new ManualClock(T0);
    const a = replica(inst, 'a', clock, { kind: 'every', everyMs: 10 * MIN }, gatedSweep());
    const slots = new RedisSweepSlots({
      redis: a.redis,
      claim: defineDistributedScripts(a.redis)['discovery-claim'],
      leaseKey: a.keys.lease,
      slotsKey: a.keys.slots,
      lease: a.lease,
    });
    expect(await slots.claim('lab', '', T0)).toBe('not-holder');
    await a.lease.refresh();
    expect(await slots.claim('lab', '', T0)).toBe('taken');
    expect(await slots.claim('lab', '', T0 + 1)).toBe('moved');
    // Another replica's value in the lease key (A's lease expired and was taken): refused.
    await a.redis.set(a.keys.lease, 'b#9');
    expect(await slots.claim('lab', String(T0), T0 + 10 * MIN)).toBe('not-holder');
    expect(await slots.read('lab')).toEqual({ raw: String(T0), at: T0 });
    await a.redis.del(a.keys.slots, a.keys.lease, a.keys.fence);
  });

  it('stopping cancels a running sweep (nothing written); a failing sweep is logged and runs again at the next slot', async () => {
    const inst = installation();
    const clock = new ManualClock(T0);
    const sweep = gatedSweep();
    const a = replica(inst, 'a', clock, { kind: 'every', everyMs: 10 * MIN }, sweep);
    sweep.fail();
    await a.timers.step();
    await a.discovery.idle();
    expect(await a.sweeps('failed')).toBe(1);
    expect(a.logs).toContainEqual(
      expect.stringContaining('discovery sweep failed; it runs again at its next start'),
    );
    clock.advance(5 * MIN);
    await a.timers.step();
    expect(sweep.starts).toEqual([T0]);

    const b = gatedSweep();
    const other = installation();
    const c = replica(other, 'c', clock, { kind: 'every', everyMs: 10 * MIN }, b);
    b.hold();
    await c.timers.step();
    expect(c.discovery.running('lab')).toBe(true);
    const stopped = c.discovery.stop();
    b.release();
    await stopped;
    expect(await c.sweeps('cancelled')).toBe(1);
    expect(other.written).toEqual([]);
    expect(c.logs).toContainEqual(expect.stringContaining('discovery sweep cancelled by shutdown'));
  });
});
