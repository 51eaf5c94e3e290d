import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { runSlaStoreConformance } from './sla-store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-sla-store-'));
let files = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runSlaStoreConformance(
  'sqlite file',
  async () => new SqliteStore({ path: join(dir, `store-${++files}.db`) }),
);
runSlaStoreConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));

it('migrates a version-1 database to version 2 keeping its data', async () => {
  const path = join(dir, 'v1.db');
  const v1 = new Database(path);
  const { MIGRATIONS } = await import('../correlator/store/sqlite/migrations.js');
  v1.exec(MIGRATIONS[0]!.sql);
  v1.pragma('user_version = 1');
  v1.prepare("INSERT INTO counters (name, value) VALUES ('ci', 7)").run();
  v1.close();
  const store = new SqliteStore({ path });
  expect(await store.allocate('ci', 1)).toEqual([8]);
  expect(await store.openOutage('ci:CI-000001', 0)).toBe(true);
  await store.close();
  const check = new Database(path);
  expect(check.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
  check.close();
});
