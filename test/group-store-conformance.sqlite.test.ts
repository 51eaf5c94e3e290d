import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { runGroupStoreConformance } from './group-store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-groups-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runGroupStoreConformance(
  'sqlite file',
  async () => new SqliteStore({ path: join(dir, `groups-${++files}.db`) }),
);
runGroupStoreConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));
