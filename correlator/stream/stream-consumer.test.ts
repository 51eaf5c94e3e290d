import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/child-binary.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { firing, STREAM_TEST_HOST, streamInstallation } from '../../test/support/stream-fixture.js';
import { MAX_ENTRY_FAILURES } from './stream-consumer.js';

describe('StreamConsumer (a real redis-server, the real pipeline and Redis store)', () => {
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

  const stream = () => inst.keys.distributed.stream;
  const pending = async () => ((await inst.redis.xpending(stream(), 'replicas')) as [number])[0];
  /**
   * Rounds of `replica` until it claimed something: the claim scan runs every claimIdle/2 of the
   * (manual) clock, and XAUTOCLAIM counts idleness in Redis time, so both have to pass.
   */
  const claimRound = (replica: ReturnType<typeof inst.consumer>) =>
    waitFor(
      'the claim',
      async () => {
        inst.clock.advance(60);
        const n = await replica.round();
        return n > 0 ? n : undefined;
      },
      5000,
      () => '',
      60,
    );
  const alert = async () => {
    const [receipt] = await inst.ingest.append([firing()]);
    return inst.store.getAlert(receipt!.fingerprint);
  };

  it('processes appended entries through the pipeline and acknowledges them after the commit', async () => {
    const a = inst.consumer('a');
    await a.ensureGroup();
    await inst.ingest.append([firing(), firing()]);
    await inst.ingest.append([firing({ resource: 'db-2' })]);
    expect(await a.round()).toBe(2);
    expect(await pending()).toBe(0);
    const incidents = await inst.store.listIncidents({ limit: 10 });
    expect(incidents.items).toHaveLength(2);
    expect(await inst.store.countEvents()).toBe(3);
    expect(await a.round()).toBe(0);
  });

  it('leaves entries pending when processing fails, and its next round finishes them', async () => {
    let fail = true;
    const a = inst.consumer('a', {
      process: async (events) => {
        if (fail) throw new Error('Redis went away');
        return inst.correlator.pipeline.ingest(events);
      },
    });
    await a.ensureGroup();
    await inst.ingest.append([firing()]);
    await expect(a.round()).rejects.toThrow('Redis went away');
    expect(await pending()).toBe(1);
    fail = false;
    expect(await a.round()).toBe(1);
    expect(await pending()).toBe(0);
    expect(await inst.store.countEvents()).toBe(1);
  });

  it('claims a dead replica entries after claimIdle; the committed ones change nothing the second time', async () => {
    // Replica A commits, then "dies" before XACK: its entries stay pending.
    const a = inst.consumer('a', {
      process: async (events) => {
        await inst.correlator.pipeline.ingest(events);
        throw new Error('SIGKILL before XACK');
      },
    });
    await a.ensureGroup();
    for (let i = 0; i < 3; i++) await inst.ingest.append([firing({ summary: `occurrence ${i}` })]);
    await expect(a.round()).rejects.toThrow('SIGKILL');
    expect(await pending()).toBe(3);
    const before = await inst.store.getAlert(
      (await inst.store.listAlerts({ limit: 1 })).items[0]!.fingerprint,
    );
    expect(before!.count).toBe(3);

    const b = inst.consumer('b', { claimIdleMs: 50 });
    expect(await claimRound(b)).toBe(3);
    expect(await pending()).toBe(0);
    expect((await inst.metrics.claimed.get()).values[0]!.value).toBe(3);
    const after = await inst.store.getAlert(before!.fingerprint);
    expect(after!.count).toBe(3);
    expect(after!.version).toBe(before!.version);
    expect((await inst.store.listIncidents({ limit: 10 })).items).toHaveLength(1);
    expect(await inst.store.countEvents()).toBe(3);
  });

  it('a claimed entry whose commit never happened is processed exactly once', async () => {
    const a = inst.consumer('a', {
      process: async () => {
        throw new Error('SIGKILL before the commit');
      },
    });
    await a.ensureGroup();
    await inst.ingest.append([firing(), firing()]);
    await expect(a.round()).rejects.toThrow('SIGKILL');
    expect(await inst.store.countEvents()).toBe(0);
    const b = inst.consumer('b', { claimIdleMs: 50 });
    expect(await claimRound(b)).toBe(1);
    expect(await inst.store.countEvents()).toBe(2);
    expect((await alert())!.count).toBe(2);
  });

  it('moves entries no replica can process to the dead-letter stream with the reason, and goes on', async () => {
    const a = inst.consumer('a');
    await a.ensureGroup();
    const s = stream();
    await inst.redis.xadd(s, '*', 'n', '1');
    await inst.redis.xadd(s, '*', 'body', '{not json');
    await inst.redis.xadd(s, '*', 'body', '[]');
    await inst.redis.xadd(s, '*', 'body', JSON.stringify([{ ...firing(), time: '2026-01-01T00:00:00Z' }]));
    await inst.redis.xadd(
      s,
      '*',
      'body',
      JSON.stringify([{ ...firing(), id: 'x', time: 'x', severity: 'fatal' }]),
    );
    await inst.redis.xadd(s, '*', 'body', JSON.stringify([{ ...firing(), id: 'x', time: 'not a time' }]));
    await inst.redis.xadd(s, '*', 'body', JSON.stringify(['a string']));
    await inst.redis.xadd(s, '*', 'body', JSON.stringify([{ ...firing(), id: 'y', time: 'x', labels: [1] }]));
    await inst.ingest.append([firing()]);
    expect(await a.round()).toBe(9);
    expect(await pending()).toBe(0);
    const dead = await inst.redis.xrange(inst.keys.distributed.dead, '-', '+');
    const reasons = dead.map(([, f]) => f[f.indexOf('reason') + 1]);
    expect(reasons).toEqual([
      'malformed: no body field',
      'malformed: body is not JSON',
      'malformed: body is not a non-empty array',
      'malformed: event 0 has no id',
      'malformed: event 0 has no valid severity',
      expect.stringContaining('VIGIL_ERR_VALIDATION'),
      'malformed: event 0 is not an object',
      'malformed: event 0 has labels that are not an object',
    ]);
    // The raw entry is kept beside the reason.
    expect(dead[1]![1]).toContain('{not json');
    expect(await inst.store.countEvents()).toBe(1);
  });

  it('dead-letters an entry that keeps failing, after MAX_ENTRY_FAILURES rounds, and goes on with the rest', async () => {
    const a = inst.consumer('a', {
      process: async (events) => {
        if (events[0]!.resource === 'poison')
          throw new TypeError("Cannot read properties of undefined (reading 'x')");
        return inst.correlator.pipeline.ingest(events);
      },
    });
    await a.ensureGroup();
    await inst.ingest.append([firing({ resource: 'poison' })]);
    await inst.ingest.append([firing()]);
    for (let round = 1; round < MAX_ENTRY_FAILURES; round++) {
      await expect(a.round()).rejects.toThrow(TypeError);
      expect(await pending()).toBe(1);
    }
    expect(await inst.store.countEvents()).toBe(1);
    expect(await a.round()).toBe(1);
    expect(await pending()).toBe(0);
    const [dead] = await inst.redis.xrange(inst.keys.distributed.dead, '-', '+');
    expect(dead![1][dead![1].indexOf('reason') + 1]).toBe(
      `failed ${MAX_ENTRY_FAILURES} times, last: Cannot read properties of undefined (reading 'x')`,
    );
  });

  it('stops after the round in flight', async () => {
    const a = inst.consumer('a');
    await a.ensureGroup();
    a.start();
    await inst.ingest.append([firing()]);
    await waitFor(
      'processing',
      async () => ((await inst.store.countEvents()) === 1 ? true : undefined),
      5000,
    );
    await a.stop();
    await inst.ingest.append([firing()]);
    expect(await inst.store.countEvents()).toBe(1);
  });
});
