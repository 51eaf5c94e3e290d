import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeAlert, makeCi, makeEvent, makeIncident, T0 } from '../../../test/support/records.js';
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { StoreConflictError } from '../contract.js';
import { RedisStore } from './redis-store.js';

/** What only the Redis store has: hash tags, hostile names in index members, script reloads. */
describe('RedisStore specifics', () => {
  let server: RedisServer;
  let raw: Redis;
  const stores: RedisStore[] = [];
  const fresh = (prefix = `t-${randomUUID().slice(0, 8)}`) => {
    const store = new RedisStore({ url: server.url, prefix });
    stores.push(store);
    return { store, prefix };
  };

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.dispose();
  });

  it('puts every key of an installation under one cluster hash tag', async () => {
    const { store, prefix } = fresh();
    await store.allocate('incident', 1);
    await store.commit({
      events: [makeEvent({ id: 'c-1', clientId: true })],
      alerts: [makeAlert({ fingerprint: 'fp-1', incidentId: 'INC-000001', expiresAt: T0 })],
      incidents: [makeIncident({ id: 'INC-000001', resource: 'web-1', check: 'cpu', escalationDueAt: T0 })],
      timeline: [
        {
          incidentId: 'INC-000001',
          entry: { at: T0, actor: 'x', action: 'created', fromStatus: null, toStatus: 'new', detail: '' },
        },
      ],
    });
    await store.commitCmdb({
      cis: [makeCi({ id: 'CI-000001', identifiers: { serial: 'S' } })],
      relations: [],
      history: [
        { ciId: 'CI-000001', attribute: 'os', oldValue: undefined, newValue: 'x', source: 's', at: T0 },
      ],
    });
    const keys = await raw.keys(`*${prefix}*`);
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) expect(key.startsWith(`{${prefix}}:`)).toBe(true);
  });

  it('round-trips hostile resource names, labels and CI names through the indexes', async () => {
    const { store } = fresh();
    const hostile = ['a\u0000b', '}{evil}', 'quote"\\\'', 'ünï\u{1F525}', ' ', 'x'.repeat(2000)];
    const alerts = hostile.map((resource, i) =>
      makeAlert({ fingerprint: `fp-${i}`, resource, labels: { [resource]: resource }, summary: resource }),
    );
    await store.commit({ events: [], alerts, incidents: [], timeline: [] });
    for (const [i, resource] of hostile.entries()) {
      const page = await store.listAlerts({ resource, limit: 10 });
      expect(page.items.map((a) => a.fingerprint)).toEqual([`fp-${i}`]);
      expect(page.items[0]).toEqual({ ...alerts[i], version: 1 });
    }
    // A resource change moves the alert between the resource indexes.
    const moved = (await store.getAlert('fp-0'))!;
    await store.commit({ events: [], alerts: [{ ...moved, resource: 'a' }], incidents: [], timeline: [] });
    expect((await store.listAlerts({ resource: 'a\u0000b', limit: 10 })).items).toEqual([]);
    expect((await store.listAlerts({ resource: 'a', limit: 10 })).items.map((a) => a.fingerprint)).toEqual([
      'fp-0',
    ]);

    const cis = hostile.map((name, i) =>
      makeCi({ id: `CI-00000${i + 1}`, name, identifiers: { serial: name } }),
    );
    await store.commitCmdb({ cis, relations: [], history: [] });
    for (const [i, name] of hostile.entries()) {
      expect((await store.findCisByName(name)).map((c) => c.id)).toEqual([`CI-00000${i + 1}`]);
      expect((await store.findCiByIdentifier('host', 'serial', name, null))?.id).toBe(`CI-00000${i + 1}`);
    }
  });

  it('reloads its scripts after Redis forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const { store } = fresh();
    await store.commit({ events: [makeEvent({ id: 'a' })], alerts: [], incidents: [], timeline: [] });
    await raw.script('FLUSH');
    await store.commit({ events: [makeEvent({ id: 'b' })], alerts: [], incidents: [], timeline: [] });
    expect(await store.allocate('x', 2)).toEqual([1, 2]);
    await raw.script('FLUSH');
    await store.commitCmdb({ cis: [makeCi({ id: 'CI-000001' })], relations: [], history: [] });
    expect(await store.countEvents()).toBe(2);
  });

  it('lets exactly one of many concurrent writers of the same version win', async () => {
    const { store } = fresh();
    await store.commit({
      events: [],
      alerts: [makeAlert({ fingerprint: 'fp' })],
      incidents: [],
      timeline: [],
    });
    const read = (await store.getAlert('fp'))!;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.commit({ events: [], alerts: [{ ...read, count: 10 + i }], incidents: [], timeline: [] }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
    expect(await store.getAlert('fp')).toMatchObject({ version: 2 });
  });

  it('prunes old raw event batches and takes them off the count', async () => {
    const { store } = fresh();
    await store.commit({
      events: [makeEvent({ id: 'a' }), makeEvent({ id: 'b' })],
      alerts: [],
      incidents: [],
      timeline: [],
    });
    expect(await store.pruneEvents(0)).toBe(0);
    expect(await store.pruneEvents(Date.now() + 1000)).toBe(2);
    expect(await store.countEvents()).toBe(0);
  });
});
