import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/child-binary.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { STREAM_TEST_HOST, streamInstallation } from '../../test/support/stream-fixture.js';
import { ManualClock } from '../clock/clock.js';
import { Lease } from './lease.js';
import { LeasedTimers } from './leased-timers.js';

describe('timer lease (a real redis-server)', () => {
  let server: RedisServer;
  let inst: Awaited<ReturnType<typeof streamInstallation>>;
  beforeAll(async () => {
    server = await startRedisServer(undefined, { host: STREAM_TEST_HOST });
  });
  afterAll(async () => server?.dispose());
  beforeEach(async () => {
    inst = await streamInstallation(server.url);
  });
  afterEach(async () => inst.close());

  const lease = (owner: string, clock: ManualClock, ttlMs = 300) =>
    new Lease({
      acquire: inst.scripts['lease-acquire'],
      renew: inst.scripts['lease-renew'],
      release: inst.scripts['lease-release'],
      key: inst.keys.distributed.lease,
      fenceKey: inst.keys.distributed.fence,
      owner,
      ttlMs,
      clock,
    });

  it('is held by one replica at a time; a take-over after expiry gets a larger fencing token', async () => {
    const clockA = new ManualClock();
    const clockB = new ManualClock();
    const a = lease('a', clockA);
    const b = lease('b', clockB);
    expect(await a.refresh()).toBe(true);
    expect(a.token).toBe(1);
    expect(await b.refresh()).toBe(false);
    expect(b.holds()).toBe(false);
    expect(await a.refresh()).toBe(true);
    expect(a.token).toBe(1);

    // A is stopped past its lease time: by its own clock it no longer holds the lease...
    clockA.advance(301);
    expect(a.holds()).toBe(false);
    // ...and once Redis expired the key, B takes over with the next token.
    await waitFor(
      'the take-over',
      async () => ((await b.refresh()) ? true : undefined),
      5000,
      () => '',
      50,
    );
    expect(b.token).toBe(2);
    expect(await inst.redis.get(inst.keys.distributed.lease)).toBe('b#2');

    // A resumes: its compare-and-set renewal fails, so does taking it; releasing leaves B's lease alone.
    expect(await a.refresh()).toBe(false);
    expect(a.holds()).toBe(false);
    await a.release();
    expect(await inst.redis.get(inst.keys.distributed.lease)).toBe('b#2');

    // B gives it up at shutdown: A takes it at once, with token 3.
    await b.release();
    expect(await a.refresh()).toBe(true);
    expect(a.token).toBe(3);
  });

  it('runs the jobs on the holder only, each at its period of the clock, and stops giving the lease up', async () => {
    const clock = new ManualClock();
    const runs: string[] = [];
    const job = (name: string, everyMs: number) => ({
      name,
      everyMs,
      run: async () => {
        runs.push(`${name}@${clock.now() - Date.parse('2026-01-01T00:00:00Z')}`);
      },
    });
    const holder = new LeasedTimers({
      lease: lease('holder', clock, 60_000),
      jobs: [job('tick', 1000), job('trim', 10_000)],
      clock,
      renewEveryMs: 20_000,
    });
    const standby = new LeasedTimers({
      lease: lease('standby', clock, 60_000),
      jobs: [job('standby-tick', 1000)],
      clock,
      renewEveryMs: 20_000,
    });
    await holder.step();
    await standby.step();
    clock.advance(1000);
    await holder.step();
    await standby.step();
    clock.advance(500);
    await holder.step();
    expect(runs).toEqual(['tick@0', 'trim@0', 'tick@1000']);
    await holder.stop();
    expect(await inst.redis.get(inst.keys.distributed.lease)).toBeNull();
    await standby.step();
    expect(runs.at(-1)).toBe('standby-tick@1500');
    await standby.stop();
  });

  it('a failing job is logged and the others still run', async () => {
    const clock = new ManualClock();
    const runs: string[] = [];
    const timers = new LeasedTimers({
      lease: lease('x', clock, 60_000),
      jobs: [
        {
          name: 'broken',
          everyMs: 1000,
          run: async () => {
            throw new Error('boom');
          },
        },
        { name: 'ok', everyMs: 1000, run: async () => runs.push('ok') },
      ],
      clock,
      renewEveryMs: 20_000,
    });
    await timers.step();
    expect(runs).toEqual(['ok']);
    await timers.stop();
  });
});
