import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { firing, STREAM_TEST_HOST, streamInstallation } from '../../test/support/stream-fixture.js';
import { pruneEventIds } from './prune-event-ids.js';
import { compareIds, trimProcessed } from './stream-trim.js';

describe('trimming the ingest stream and the processed ids (a real redis-server)', () => {
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

  it('removes acknowledged entries only, never pending or undelivered ones', async () => {
    const s = inst.keys.distributed.stream;
    const a = inst.consumer('a', { count: 2 });
    await a.ensureGroup();
    expect(await trimProcessed(inst.redis, s, 'replicas')).toBe(0);
    for (let i = 0; i < 3; i++) await inst.ingest.append([firing({ summary: `e${i}` })]);
    expect(await a.round()).toBe(2);
    // One more entry is read by a replica that dies before XACK: it stays pending.
    const dying = inst.consumer('dying', {
      count: 1,
      process: async () => {
        throw new Error('killed');
      },
    });
    await expect(dying.round()).rejects.toThrow('killed');
    await inst.ingest.append([firing({ summary: 'undelivered' })]);
    expect(await trimProcessed(inst.redis, s, 'replicas')).toBe(2);
    const left = await inst.redis.xrange(s, '-', '+');
    expect(left.map(([, f]) => JSON.parse(f[f.indexOf('body') + 1]!)[0].summary)).toEqual([
      'e2',
      'undelivered',
    ]);
    expect(await trimProcessed(inst.redis, s, 'replicas')).toBe(0);
  });

  it('compares stream ids numerically', () => {
    expect(compareIds('9-0', '10-0')).toBe(-1);
    expect(compareIds('10-2', '10-10')).toBe(-1);
    expect(compareIds('10-1', '10-1')).toBe(0);
    expect(compareIds('11-0', '10-99')).toBe(1);
  });

  it('prunes processed event ids recorded before the window, keeping the rest', async () => {
    const key = inst.keys.key('events:client-ids');
    const fields: string[] = [];
    for (let i = 0; i < 2500; i++) fields.push(`id-${i}`, String(i < 2000 ? 1000 : 5000));
    await inst.redis.hset(key, ...fields);
    expect(await pruneEventIds(inst.redis, key, 3000, 300)).toBe(2000);
    expect(await inst.redis.hlen(key)).toBe(500);
    expect(await inst.redis.hget(key, 'id-2499')).toBe('5000');
    expect(await pruneEventIds(inst.redis, key, 3000)).toBe(0);
  });
});
