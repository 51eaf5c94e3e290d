import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS } from '../correlator/store/sqlite/migrations.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { note, runOutboxStoreConformance } from './outbox-store-conformance.js';
import { T0 } from './support/records.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-outbox-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runOutboxStoreConformance(
  'sqlite file',
  async () => new SqliteStore({ path: join(dir, `outbox-${++files}.db`) }),
);
runOutboxStoreConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));

it('migration 8 dates settled notifications of a version-7 database for pruning, never pending ones', async () => {
  const path = join(dir, 'v7.db');
  const v7 = new Database(path);
  for (const m of MIGRATIONS.filter((m) => m.version <= 7)) v7.exec(m.sql);
  v7.pragma('user_version = 7');
  const insert = v7.prepare(
    'INSERT INTO notifications (id, incident_id, receiver, state, next_attempt_at, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const done = note({ id: 'done', state: 'delivered', nextAttemptAt: null, deliveredAt: T0 + 5 });
  const waiting = note({ id: 'waiting', incidentId: 'INC-000002' });
  insert.run(done.id, done.incidentId, done.receiver, done.state, null, done.createdAt, JSON.stringify(done));
  insert.run(waiting.id, waiting.incidentId, waiting.receiver, 'pending', T0, T0, JSON.stringify(waiting));
  v7.close();
  const store = new SqliteStore({ path });
  expect(await store.pruneNotifications(T0 + 5, 10)).toBe(0);
  expect(await store.pruneNotifications(T0 + 6, 10)).toBe(1);
  expect(await store.pruneNotifications(T0 + 1e12, 10)).toBe(0);
  expect((await store.dueNotifications(T0, 10)).map((n) => n.id)).toEqual(['waiting']);
  await store.close();
});
