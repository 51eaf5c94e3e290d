import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCi } from '../../../test/support/records.js';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { RedisKeys } from './keys.js';
import { RedisStore } from './redis-store.js';

describe('RedisStore: CIs stored before the list filters existed', () => {
  let server: RedisServer;
  let raw: Redis;
  beforeAll(async () => {
    server = await startRedisServer(undefined, { host: '127.6.0.1' });
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.dispose();
  });

  it('indexes them on first listing, once, and a CI changed meanwhile keeps its newer entries', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const writer = new RedisStore({ url: server.url, prefix });
    await writer.commitCmdb({
      cis: [
        makeCi({
          id: 'CI-000001',
          name: 'web-01',
          state: 'active',
          sources: ['host'],
          identifiers: { serial: 'SN1' },
        }),
        makeCi({ id: 'CI-000002', name: 'db-01', state: 'retired', sources: ['api'] }),
      ],
      relations: [],
      history: [],
    });
    // What an older vigil left: records and the old indexes, none of the new ones.
    const keys = new RedisKeys(prefix);
    await raw.del(
      ...['ci:by-state', 'ci:by-class-state', 'ci:by-source', 'ci:search', 'ci:terms-of'].map((k) =>
        keys.key(k),
      ),
    );
    await writer.close();

    const store = new RedisStore({ url: server.url, prefix });
    try {
      const ids = async (query: Parameters<RedisStore['listCis']>[0]) =>
        (await store.listCis(query)).items.map((c) => c.id);
      expect(await ids({ state: 'retired', limit: 10 })).toEqual(['CI-000002']);
      expect(await ids({ q: 'sn1', limit: 10 })).toEqual(['CI-000001']);
      expect(await ids({ source: 'host', class: 'host', limit: 10 })).toEqual(['CI-000001']);
      expect(await raw.hlen(keys.key('ci:terms-of'))).toBe(2);
      expect(await raw.zcard(keys.key('ci:search'))).toBe(3);

      // A CI whose terms were lost and that changed after being read is left to its own commit.
      const current = (await store.getCi('CI-000001'))!;
      await raw.hdel(keys.key('ci:terms-of'), 'CI-000001');
      await store.commitCmdb({ cis: [{ ...current, state: 'missing' }], relations: [], history: [] });
      const again = new RedisStore({ url: server.url, prefix });
      expect((await again.listCis({ state: 'missing', limit: 10 })).items.map((c) => c.id)).toEqual([
        'CI-000001',
      ]);
      expect((await again.listCis({ state: 'active', limit: 10 })).items).toEqual([]);
      await again.close();
    } finally {
      await store.close();
    }
  });
});
