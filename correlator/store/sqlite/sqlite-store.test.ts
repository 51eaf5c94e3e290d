import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, makeAlert, makeCi, makeEvent, makeIncident, T0 } from '../../../test/support/records.js';
import type { AlertRecord } from '../../model/records.js';
import { type ActivityRefresh, StoreConflictError, type UnitOfWork } from '../contract.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

/** A unit of work that commits these alerts and nothing else. */
const alertsOnly = (...alerts: AlertRecord[]): UnitOfWork => ({
  events: [],
  alerts,
  incidents: [],
  timeline: [],
});
/** A unit of work that commits these refreshes and nothing else. */
const refreshesOnly = (...refreshes: ActivityRefresh[]): UnitOfWork => ({
  events: [],
  alerts: [],
  incidents: [],
  timeline: [],
  refreshes,
});

const userVersion = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('SqliteStore on a file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-'));
    path = join(dir, 'nested', 'var', 'vigil.db');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('persists activity-only updates and document changes alike (the split alert tables)', async () => {
    const first = new SqliteStore({ path });
    const fp = 'aaaaaaaaaaaaaaaa';
    const v0 = makeAlert({ fingerprint: fp, count: 1, state: 'firing', lastSeen: T0 });
    await first.commit(alertsOnly(v0));
    const [loaded1] = [...(await first.loadBatchState([fp], [])).alerts.values()];
    // A repeat: only count and lastSeen change, so only the activity row is rewritten.
    await first.commit(alertsOnly({ ...loaded1!, count: 2, lastSeen: T0 + MINUTE }));
    const [loaded2] = [...(await first.loadBatchState([fp], [])).alerts.values()];
    // A state change: the document is rewritten too.
    await first.commit(
      alertsOnly({
        ...loaded2!,
        count: 3,
        state: 'resolved',
        summary: 'recovered',
        lastSeen: T0 + 2 * MINUTE,
      }),
    );
    await first.close();

    const second = new SqliteStore({ path });
    const alert = await second.getAlert(fp);
    expect(alert).toMatchObject({
      count: 3,
      state: 'resolved',
      summary: 'recovered',
      lastSeen: T0 + 2 * MINUTE,
      version: 3,
    });
    const page = await second.listAlerts({ limit: 10, state: 'resolved' });
    expect(page.items.map((a) => a.count)).toEqual([3]);
    await second.close();
  });

  it('creates missing directories and keeps every committed record across close and reopen', async () => {
    const first = new SqliteStore({ path });
    await first.allocate('incident', 100);
    await first.commit({
      events: [makeEvent({ id: 'client-1', clientId: true })],
      alerts: [makeAlert({ incidentId: 'INC-000001' })],
      incidents: [makeIncident({ id: 'INC-000001' })],
      timeline: [
        {
          incidentId: 'INC-000001',
          entry: { at: T0, actor: 'vigil', action: 'created', fromStatus: null, toStatus: 'new', detail: '' },
        },
      ],
    });
    await first.commitCmdb({
      cis: [makeCi({ id: 'CI-000001', identifiers: { serial: 'SN1' } }), makeCi({ id: 'CI-000002' })],
      relations: [
        { fromId: 'CI-000002', toId: 'CI-000001', type: 'runs_on', source: 'test', confidence: 1, since: T0 },
      ],
      history: [{ ciId: 'CI-000001', attribute: 'os', oldValue: 'a', newValue: 'b', source: 'ssh', at: T0 }],
    });
    await first.close();
    await first.close();

    const second = new SqliteStore({ path });
    try {
      expect(await second.countEvents()).toBe(1);
      expect((await second.loadBatchState(['fp-1'], ['client-1'])).knownEventIds).toEqual(
        new Set(['client-1']),
      );
      expect(await second.getAlert('fp-1')).toMatchObject({ incidentId: 'INC-000001', version: 1 });
      expect(await second.getIncident('INC-000001')).toMatchObject({ status: 'new', version: 1 });
      expect((await second.getTimeline('INC-000001')).map((e) => e.action)).toEqual(['created']);
      expect(await second.allocate('incident', 1)).toEqual([101]);
      expect((await second.findCiByIdentifier('host', 'serial', 'SN1', null))?.id).toBe('CI-000001');
      expect(await second.dependentsOf('CI-000001', 6, 10)).toEqual(['CI-000002']);
      expect(await second.ciHistory('CI-000001', 10)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('migrates a new file to the latest schema version and does nothing on reopen', async () => {
    const latest = MIGRATIONS.at(-1)!.version;
    await new SqliteStore({ path }).close();
    expect(userVersion(path)).toBe(latest);
    for (let i = 0; i < 3; i++) {
      const again = new SqliteStore({ path });
      await again.ping();
      await again.close();
    }
    expect(userVersion(path)).toBe(latest);
  });

  it('applies migrations in increasing version order, each once', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBe(1);
  });

  it('remembers an unknown fingerprint only until a commit; another writer inserting it meanwhile is a conflict', async () => {
    const a = new SqliteStore({ path, writeBehind: false });
    const b = new SqliteStore({ path, writeBehind: false });
    try {
      const fp = 'cccccccccccccccc';
      expect(a.readAlertNow(fp)).toBeUndefined();
      await b.commit(alertsOnly(makeAlert({ fingerprint: fp, count: 1 })));
      // The miss is remembered until a's next commit (a new alert's second lookup costs no query)...
      expect((await a.loadBatchState([fp], [])).alerts.has(fp)).toBe(false);
      // ...so a's insert of the same alert conflicts, and the retry reads b's.
      await expect(a.commit(alertsOnly(makeAlert({ fingerprint: fp, count: 1 })))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(a.readAlertNow(fp)).toMatchObject({ fingerprint: fp, version: 1 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('writes a refresh from the firing summary alone and brings a cached copy up to date when read', async () => {
    const store = new SqliteStore({ path });
    try {
      const fp = 'dddddddddddddddd';
      const alert = makeAlert({ fingerprint: fp, incidentId: 'INC-000001', expiresAt: T0 + MINUTE });
      await store.commit(alertsOnly(alert));
      expect(store.readFiringNow(fp)).toMatchObject({ version: 1, count: 1, incidentId: 'INC-000001' });
      // The read cache holds the committed document (version 1); a refresh bumps the summary only.
      await store.commit(
        refreshesOnly({
          fingerprint: fp,
          count: 2,
          firstSeen: T0,
          lastSeen: T0 + MINUTE,
          expiresAt: null,
          version: 1,
        }),
      );
      expect(store.readFiringNow(fp)).toMatchObject({
        version: 2,
        count: 2,
        lastSeen: T0 + MINUTE,
        expiresAt: null,
      });
      const current = { ...alert, count: 2, lastSeen: T0 + MINUTE, version: 2 };
      delete current.expiresAt;
      expect(store.readAlertNow(fp)).toEqual(current);
      expect(await store.getAlert(fp)).toEqual(current);
      // The next full-path change starts from the refreshed copy: its version is current.
      const [loaded] = [...(await store.loadBatchState([fp], [])).alerts.values()];
      expect(loaded).toEqual(current);
      await store.commit(alertsOnly({ ...loaded!, state: 'resolved', count: 3 }));
      expect(store.readFiringNow(fp)).toBeUndefined();
      expect(await store.getAlert(fp)).toMatchObject({ state: 'resolved', count: 3, version: 3 });
    } finally {
      await store.close();
    }
    // Reopened, the summary is made again from the file.
    const again = new SqliteStore({ path });
    try {
      expect(again.readFiringNow('dddddddddddddddd')).toBeUndefined();
      await again.commit(alertsOnly(makeAlert({ fingerprint: 'eeeeeeeeeeeeeeee', count: 4 })));
    } finally {
      await again.close();
    }
    const third = new SqliteStore({ path });
    try {
      expect(third.readFiringNow('eeeeeeeeeeeeeeee')).toMatchObject({ version: 1, count: 4 });
    } finally {
      await third.close();
    }
  });

  it('never lets an older firing summary roll back a copy read after another writer changed the alert', async () => {
    const a = new SqliteStore({ path, writeBehind: false, cacheAlerts: 100 });
    const b = new SqliteStore({ path, writeBehind: false });
    try {
      const fp = '1111111111111111';
      await a.commit(alertsOnly(makeAlert({ fingerprint: fp })));
      expect(a.readFiringNow(fp)).toMatchObject({ version: 1 });
      const [loaded] = [...(await b.loadBatchState([fp], [])).alerts.values()];
      await b.commit(alertsOnly({ ...loaded!, severity: 'major', count: 2 }));
      // Push the alert out of a's read cache (100 places), so a reads b's version from the file.
      for (let n = 0; n < 200; n++) {
        const other = makeAlert({ fingerprint: `fp-${String(n).padStart(13, '0')}` });
        await a.commit(alertsOnly(other));
      }
      for (let read = 0; read < 2; read++) {
        expect(a.readAlertNow(fp)).toMatchObject({ severity: 'major', count: 2, version: 2 });
      }
      // A refresh from a's stale summary (version 1) conflicts instead of overwriting b's commit.
      await expect(
        a.commit(
          refreshesOnly({
            fingerprint: fp,
            count: 9,
            firstSeen: T0,
            lastSeen: T0,
            expiresAt: null,
            version: 1,
          }),
        ),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect(await a.getAlert(fp)).toMatchObject({ severity: 'major', count: 2, version: 2 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('checks a refresh against the current summary when its own basis is out of date', async () => {
    const store = new SqliteStore({ path });
    try {
      const fp = '2222222222222222';
      await store.commit(alertsOnly(makeAlert({ fingerprint: fp })));
      const basis = store.readFiringNow(fp)!;
      expect(basis).toMatchObject({ version: 1 });
      // A full-path change after the read, folded into the table so no pending entry remembers it.
      const [loaded] = [...(await store.loadBatchState([fp], [])).alerts.values()];
      await store.commit(alertsOnly({ ...loaded!, severity: 'major' }));
      await store.listAlerts({ limit: 10 });
      expect(store.pendingActivity).toBe(0);
      await expect(
        store.commit(
          refreshesOnly({
            fingerprint: fp,
            count: 9,
            firstSeen: T0,
            lastSeen: T0,
            expiresAt: null,
            version: 1,
            basis,
          }),
        ),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.getAlert(fp)).toMatchObject({ severity: 'major', count: 1, version: 2 });
    } finally {
      await store.close();
    }
  });

  it('rejects a refresh computed from a stale version and keeps what is stored', async () => {
    const store = new SqliteStore({ path });
    try {
      const fp = 'ffffffffffffffff';
      await store.commit(alertsOnly(makeAlert({ fingerprint: fp })));
      const refresh = {
        fingerprint: fp,
        count: 2,
        firstSeen: T0,
        lastSeen: T0 + MINUTE,
        expiresAt: null,
        version: 1,
      };
      await store.commit(refreshesOnly(refresh));
      await expect(store.commit(refreshesOnly({ ...refresh, count: 99 }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      // Memory forgot the alert; the next read gives what the file holds.
      expect(store.readFiringNow(fp)).toMatchObject({ version: 2, count: 2 });
      expect(await store.getAlert(fp)).toMatchObject({ version: 2, count: 2 });
    } finally {
      await store.close();
    }
  });

  it('uses WAL journaling on a file', async () => {
    await new SqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });
});

describe('SqliteStore.pruneEvents', () => {
  it('deletes events received before the cut-off, and forgets their client ids', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      // Events of one unit are received together; the log keeps them as one batch.
      await store.commit({
        events: [
          makeEvent({ id: 'old', clientId: true, receivedAt: T0 }),
          makeEvent({ id: 'srv', clientId: false, receivedAt: T0 }),
        ],
        alerts: [],
        incidents: [],
        timeline: [],
      });
      await store.commit({
        events: [makeEvent({ id: 'new', clientId: true, receivedAt: T0 + 10 * MINUTE })],
        alerts: [],
        incidents: [],
        timeline: [],
      });
      expect(store.pruneEvents(T0 + MINUTE)).toBe(2);
      expect(await store.countEvents()).toBe(1);
      expect((await store.loadBatchState([], ['old', 'new'])).knownEventIds).toEqual(new Set(['new']));
    } finally {
      await store.close();
    }
  });
});
