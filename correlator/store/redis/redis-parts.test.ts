import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeChange } from '../../../test/change-store-conformance.js';
import { HOUR, MINUTE, T0 } from '../../../test/support/records.js';
import { REDIS_PARTS_HOST, type RedisServer, startRedisServer } from '../../../test/support/redis-server.js';
import { StoreConflictError } from '../contract.js';
import { RedisStore } from './redis-store.js';
import { SCRIPTS, scriptSource } from './scripts.js';

const LUA = fileURLToPath(new URL('./lua/', import.meta.url));
const HOSTILE = ['a\u0000b', 'a', '}{evil}', 'quote"\\\'', 'ünï\u{1F525}', ' ', '["x"]', 'x'.repeat(2000)];

/**
 * What only the Redis side of the change, SLA, suppression and group stores has: hash tags,
 * hostile names in index members, atomic versioned saves under concurrency, pruning in chunks,
 * and the Lua prelude composed once at load time.
 */
describe('Redis part stores (changes, outages, suppression, groups)', () => {
  let server: RedisServer;
  let raw: Redis;
  const stores: RedisStore[] = [];
  const fresh = (prefix = `p-${randomUUID().slice(0, 8)}`) => {
    const store = new RedisStore({ url: server.url, prefix });
    stores.push(store);
    return { store, prefix };
  };

  beforeAll(async () => {
    server = await startRedisServer(undefined, { host: REDIS_PARTS_HOST });
    raw = new Redis(server.url);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.dispose();
  });

  it('keeps every key of the part stores under the installation hash tag', async () => {
    const { store, prefix } = fresh();
    await store.saveChange(
      makeChange(1, {
        state: 'verifying',
        verification: { deadline: T0, result: 'pending', at: null, detail: '' },
      }),
    );
    await store.openOutage('ci:CI-000001', T0);
    await store.closeOutage('ci:CI-000001', T0 + HOUR);
    await store.openOutage('ci:CI-000002', T0);
    await store.putSilence({
      id: 's-1',
      matchers: ['a="b"'],
      startsAt: T0,
      endsAt: T0 + HOUR,
      createdBy: 'x',
      comment: '',
      createdAt: T0,
      updatedAt: T0,
    });
    await store.insertMaintenanceWindow({
      name: 'w',
      selector: { ciIds: [], names: ['web-1'], classes: [], matchers: [] },
      schedule: { kind: 'recurring', cron: '0 22 * * 6', durationMs: HOUR, timezone: 'UTC' },
      comment: '',
      createdBy: 'x',
      createdAt: T0,
      source: 'api',
    });
    await store.setMaintenanceState('w', T0);
    await store.saveGroups([
      { rule: 'r', key: 'k', anchor: '', incidentId: null, openedAt: T0, pending: [] },
    ]);
    const keys = await raw.keys(`*${prefix}*`);
    expect(keys.sort()).toEqual(
      [
        'chg:doc',
        'chg:idx',
        'chg:meta',
        'chg:verify',
        'grp:by-key',
        'grp:by-rule',
        'grp:by-time',
        'grp:doc',
        'grp:members',
        'mw:doc',
        'mw:state',
        'out:closed',
        'out:open',
        'sil:by-created',
        'sil:by-end',
        'sil:created',
        'sil:doc',
      ].map((k) => `{${prefix}}:${k}`),
    );
  });

  it('keeps hostile rule, target, subject and group names apart in every index', async () => {
    const { store } = fresh();
    for (const [i, name] of HOSTILE.entries())
      await store.saveChange(makeChange(i + 1, { rule: name, target: name, incidentId: name }));
    for (const [i, name] of HOSTILE.entries()) {
      const id = `CHG-${String(i + 1).padStart(6, '0')}`;
      expect((await store.listChanges({ limit: 10, rule: name })).items.map((c) => c.id)).toEqual([id]);
      expect(await store.countChanges({ target: name })).toBe(1);
      expect((await store.changesOfIncident(name, ['succeeded'])).map((c) => c.id)).toEqual([id]);
      await store.openOutage(name, T0 + i);
      await store.closeOutage(name, T0 + HOUR);
      expect(await store.outagesBetween([name], T0, T0 + 2 * HOUR)).toEqual([
        { subject: name, start: T0 + i, end: T0 + HOUR },
      ]);
    }
    await store.saveGroups(
      HOSTILE.map((name) => ({
        rule: name,
        key: name,
        anchor: name,
        incidentId: null,
        openedAt: T0,
        pending: [],
      })),
    );
    for (const name of HOSTILE) {
      expect((await store.findGroups(name, name, 0)).map((g) => g.anchor)).toEqual([name]);
      expect((await store.dueGroups(name, T0 + 1, 10)).map((g) => g.key)).toEqual([name]);
    }
    await store.deleteGroups([{ rule: 'a', key: 'a', anchor: 'a' }]);
    expect(await store.findGroups('a\u0000b', 'a\u0000b', 0)).toHaveLength(1);
    expect(await store.findGroups('a', 'a', 0)).toEqual([]);
  });

  it('lets exactly one of many concurrent saves of the same change version win', async () => {
    const { store } = fresh();
    await store.saveChange(makeChange(1, { state: 'running' }));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.saveChange(
          makeChange(1, { state: i % 2 ? 'failed' : 'succeeded', version: 1, detail: `${i}` }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
    const stored = (await store.getChange('CHG-000001'))!;
    expect(stored.version).toBe(2);
    // The indexes follow the winner only: one change in one state.
    expect(await store.countChanges({ states: ['failed', 'succeeded', 'running'] })).toBe(1);
    expect((await store.listChanges({ limit: 10, state: stored.state })).items).toHaveLength(1);
    expect((await store.listChanges({ limit: 10, state: 'running' })).items).toEqual([]);
  });

  it('refuses a change id that is not CHG-<number>, storing nothing', async () => {
    const { store, prefix } = fresh();
    await expect(store.saveChange(makeChange(1, { id: 'CHG-1\u0000x' }))).rejects.toThrow(/CHG-000001/);
    expect(await raw.keys(`*${prefix}*`)).toEqual([]);
  });

  it('counts by time from the since bound and dates the newest match without scanning older ones', async () => {
    const { store } = fresh();
    for (let n = 1; n <= 450; n++)
      await store.saveChange(
        makeChange(n, { createdAt: T0 + n * MINUTE, state: n % 3 ? 'succeeded' : 'failed' }),
      );
    expect(await store.countChanges({ since: T0 + 401 * MINUTE })).toBe(50);
    expect(await store.countChanges({ rule: 'clean-disk', states: ['failed'] })).toBe(150);
    expect(await store.lastChangeAt({ states: ['failed'] })).toBe(T0 + 450 * MINUTE);
    expect(await store.lastChangeAt({ states: ['succeeded'], since: T0 + 451 * MINUTE })).toBeNull();
  });

  it('prunes groups in chunks until none before the bound is left', async () => {
    const { store } = fresh();
    const groups = Array.from({ length: 1203 }, (_, i) => ({
      rule: `r${i % 3}`,
      key: `k${i}`,
      anchor: '',
      incidentId: null,
      openedAt: T0 + i,
      pending: [{ fingerprint: `fp-${i}`, at: T0 + i }],
    }));
    for (let i = 0; i < groups.length; i += 300) await store.saveGroups(groups.slice(i, i + 300));
    expect(await store.pruneGroups(T0 + 1200)).toBe(1200);
    expect((await store.dueGroups('r0', T0 + 5000, 10)).map((g) => g.key)).toEqual(['k1200']);
    expect(await store.pruneGroups(T0 + 5000)).toBe(3);
    expect(await store.dueGroups('r1', T0 + 5000, 10)).toEqual([]);
  });

  it('keeps a large silence comment and long matcher lists intact', async () => {
    const { store } = fresh();
    const s = {
      id: randomUUID(),
      matchers: Array.from({ length: 200 }, (_, i) => `l${i}=~"${'.*'.repeat(20)}"`),
      startsAt: T0,
      endsAt: T0 + HOUR,
      createdBy: 'ops',
      comment: '🚧'.repeat(100_000),
      createdAt: T0,
      updatedAt: T0,
    };
    await store.putSilence(s);
    expect(await store.getSilence(s.id)).toEqual(s);
    expect(await store.liveSilences(T0)).toEqual([s]);
  });

  it('runs its new scripts again after Redis forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const { store } = fresh();
    await raw.script('FLUSH');
    await store.saveChange(makeChange(1));
    await raw.script('FLUSH');
    await store.openOutage('x', T0);
    expect(await store.closeOutage('x', T0 + 1)).toBe(true);
    await raw.script('FLUSH');
    await store.saveGroups([
      { rule: 'r', key: 'k', anchor: '', incidentId: null, openedAt: T0, pending: [] },
    ]);
    expect(await store.pruneGroups(T0 + 1)).toBe(1);
  });

  it('composes the shared prelude into every script, which no script file repeats', () => {
    const prelude = readFileSync(`${LUA}prelude.lua`, 'utf8');
    const files = readdirSync(LUA).filter((f) => f.endsWith('.lua') && f !== 'prelude.lua');
    expect(files.map((f) => f.replace(/\.lua$/, '')).sort()).toEqual([...SCRIPTS].sort());
    for (const name of SCRIPTS) {
      const own = readFileSync(`${LUA}${name}.lua`, 'utf8');
      expect(own, name).not.toMatch(/local function (split|bump|stored_version|json_meta)\b/);
      expect(own, name).not.toMatch(/^local NUL\b/m);
      expect(scriptSource(name, LUA)).toBe(`${prelude}\n${own}`);
    }
  });
});
