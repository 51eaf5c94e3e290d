import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { runCiListConformance } from './ci-list-conformance.js';
import { runStoreConformance } from './store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
let files = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runStoreConformance('sqlite file', async () => new SqliteStore({ path: join(dir, `store-${++files}.db`) }));
runStoreConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));

runCiListConformance('sqlite file', async () => new SqliteStore({ path: join(dir, `store-${++files}.db`) }));
runCiListConformance('sqlite :memory:', async () => new SqliteStore({ path: ':memory:' }));
