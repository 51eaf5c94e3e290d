import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, makeAlert, T0 } from '../../../test/support/records.js';
import type { AlertRecord } from '../../model/records.js';
import { StoreConflictError } from '../contract.js';
import { SqliteStore } from './sqlite-store.js';

const FP = 'aaaaaaaaaaaaaaaa';
const OTHER = 'bbbbbbbbbbbbbbbb';

/** A stored-looking firing alert seen once at T0. */
const firing = (fingerprint = FP, overrides: Partial<AlertRecord> = {}): AlertRecord =>
  makeAlert({ fingerprint, state: 'firing', count: 1, lastSeen: T0, ...overrides });

/** Commits alerts alone (a unit without events, incidents or timeline). */
const commitAlerts = (s: SqliteStore, ...alerts: AlertRecord[]) =>
  s.commit({ events: [], alerts, incidents: [], timeline: [] });

/** Commits repeats of `fp` (activity only) as the pipeline would: load, bump, commit. */
async function repeat(
  store: SqliteStore,
  fp: string,
  times: number,
  expiresAt?: number,
): Promise<AlertRecord> {
  let alert!: AlertRecord;
  for (let n = 0; n < times; n++) {
    const loaded = (await store.loadBatchState([fp], [])).alerts.get(fp)!;
    alert = {
      ...loaded,
      count: loaded.count + 1,
      lastSeen: loaded.lastSeen + MINUTE,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    await commitAlerts(store, alert);
  }
  return alert;
}

const journalRows = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM alert_activity_journal').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('the write-behind activity journal of the embedded store', () => {
  let dir: string;
  let path: string;
  const open: SqliteStore[] = [];
  const store = (options: { path?: string; writeBehind?: boolean } = {}) => {
    const s = new SqliteStore({ path: options.path ?? path, writeBehind: options.writeBehind ?? true });
    open.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-journal-'));
    path = join(dir, 'vigil.db');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps repeats pending, serves them to point reads and folds them for scans', async () => {
    const s = store();
    await commitAlerts(s, firing());
    await repeat(s, FP, 3);
    expect(s.pendingActivity).toBe(1);
    // A point read past the cache (getAlert reads the file) sees the pending values.
    expect(await s.getAlert(FP)).toMatchObject({ count: 4, lastSeen: T0 + 3 * MINUTE, version: 4 });
    // A scan folds first: the newest-first list is ordered by the folded last-seen column.
    const listed = await s.listAlerts({ limit: 10 });
    expect(listed.items[0]).toMatchObject({ fingerprint: FP, count: 4, version: 4 });
    expect(s.pendingActivity).toBe(0);
    expect(journalRows(path)).toBe(0);
  });

  it('replays the journal of a process that died before folding, and loses no repeat', async () => {
    const s = store();
    await commitAlerts(s, firing());
    await repeat(s, FP, 5, T0 + 60 * MINUTE);
    expect(s.pendingActivity).toBe(1);
    expect(journalRows(path)).toBe(5);
    // What a kill -9 leaves: the file and its WAL as they are now, unfolded, never closed.
    const crashed = join(dir, 'crashed.db');
    copyFileSync(path, crashed);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${crashed}-wal`);

    const reopened = store({ path: crashed });
    expect(journalRows(crashed)).toBe(0);
    expect(await reopened.getAlert(FP)).toMatchObject({
      count: 6,
      lastSeen: T0 + 5 * MINUTE,
      expiresAt: T0 + 60 * MINUTE,
      version: 6,
    });
    // And it goes on from there: the next repeat is checked against the replayed version.
    await repeat(reopened, FP, 1);
    expect((await reopened.listAlerts({ limit: 1 })).items[0]).toMatchObject({ count: 7, version: 7 });
  });

  it('refuses a stale version of a pending alert, as the row update it replaces did', async () => {
    const s = store();
    await commitAlerts(s, firing());
    const stale = (await s.loadBatchState([FP], [])).alerts.get(FP)!;
    await repeat(s, FP, 1);
    await expect(commitAlerts(s, { ...stale, count: 99 })).rejects.toBeInstanceOf(StoreConflictError);
    // Nothing of the refused unit is kept: the retry reads the truth.
    expect(await s.getAlert(FP)).toMatchObject({ count: 2, version: 2 });
    expect(journalRows(path)).toBe(1);
  });

  it('folds before listing expiring alerts when a pending expiry could change the answer', async () => {
    const s = store();
    await commitAlerts(
      s,
      firing(FP, { expiresAt: T0 + 5 * MINUTE }),
      firing(OTHER, { expiresAt: T0 + 5 * MINUTE }),
    );
    // FP is refreshed to expire later; in the table it still expires at T0 + 5 min.
    await repeat(s, FP, 1, T0 + 30 * MINUTE);
    expect(s.pendingActivity).toBe(1);
    const expiring = await s.alertsExpiringBefore(T0 + 10 * MINUTE, 100);
    expect(expiring.map((a) => a.fingerprint)).toEqual([OTHER]);
    expect(s.pendingActivity).toBe(0);
    // A refresh that moves the expiry earlier is seen too.
    await repeat(s, FP, 1, T0 + 2 * MINUTE);
    expect((await s.alertsExpiringBefore(T0 + 3 * MINUTE, 100)).map((a) => a.fingerprint)).toEqual([FP]);
  });

  it('leaves pending activity alone while no expiry it touches is due', async () => {
    const s = store();
    await commitAlerts(s, firing(FP, { expiresAt: T0 + 50 * MINUTE }));
    await repeat(s, FP, 2, T0 + 60 * MINUTE);
    expect(await s.alertsExpiringBefore(T0 + MINUTE, 100)).toEqual([]);
    expect(s.pendingActivity).toBe(1);
  });

  it('folds for a list by state only when a pending alert is in that state', async () => {
    const s = store();
    await commitAlerts(s, firing(), firing(OTHER, { state: 'suppressed' }));
    await repeat(s, FP, 2);
    // The suppression timer's scan of suppressed alerts cannot meet the pending firing one.
    expect((await s.listAlerts({ state: 'suppressed', limit: 10 })).items).toHaveLength(1);
    expect(s.pendingActivity).toBe(1);
    await repeat(s, OTHER, 1);
    const suppressed = await s.listAlerts({ state: 'suppressed', limit: 10 });
    expect(suppressed.items[0]).toMatchObject({ fingerprint: OTHER, count: 2 });
    expect(s.pendingActivity).toBe(0);
  });

  it('folds on close, so a clean restart has nothing to replay', async () => {
    const s = store();
    await commitAlerts(s, firing());
    await repeat(s, FP, 2);
    await s.close();
    expect(journalRows(path)).toBe(0);
    expect(await store().getAlert(FP)).toMatchObject({ count: 3, version: 3 });
  });

  it('writes activity in place, version-checked, with writeBehind false (several writers on one file)', async () => {
    const a = store({ writeBehind: false });
    const b = store({ writeBehind: false });
    await commitAlerts(a, firing());
    await repeat(a, FP, 2);
    expect(a.pendingActivity).toBe(0);
    expect(journalRows(path)).toBe(0);
    // The other writer sees the rows at once and its stale version is refused by the table.
    const seen = (await b.loadBatchState([FP], [])).alerts.get(FP)!;
    expect(seen).toMatchObject({ count: 3, version: 3 });
    await repeat(a, FP, 1);
    await expect(commitAlerts(b, { ...seen, count: 10 })).rejects.toBeInstanceOf(StoreConflictError);
  });
});
