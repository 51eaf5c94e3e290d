import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { runSuppressionStoreConformance } from './suppression-store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-suppression-'));
let files = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runSuppressionStoreConformance(
  'sqlite file',
  async () => new SqliteStore({ path: join(dir, `store-${++files}.db`) }),
);
runSuppressionStoreConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));
