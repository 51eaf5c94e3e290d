import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../correlator/store/sqlite/migrations.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { runChangeStoreConformance } from './change-store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-changes-'));
let files = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runChangeStoreConformance(
  'sqlite file',
  async () => new SqliteStore({ path: join(dir, `changes-${++files}.db`) }),
);
runChangeStoreConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));

describe('migration 3 (changes)', () => {
  it('upgrades a database created by migration 1 without touching its data', async () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    db.exec(MIGRATIONS.find((m) => m.version === 1)!.sql);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO counters(name, value) VALUES ('incident', 41)").run();
    db.close();
    const store = new SqliteStore({ path });
    expect(await store.allocate('incident', 1)).toEqual([42]);
    expect(await store.listChanges({ limit: 10 })).toEqual({ items: [], next: null });
    await store.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    check.close();
  });
});
