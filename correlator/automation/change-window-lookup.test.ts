import { describe, expect, it } from 'vitest';
import { makeChange } from '../../test/change-store-conformance.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { ChangeRecord } from './change.js';
import { changeWindowFromStore } from './change-window-lookup.js';

const onCi = (n: number, ci: string, overrides: Partial<ChangeRecord>) =>
  makeChange(n, { ciIds: [ci], target: ci, ...overrides });

describe('changeWindowFromStore', () => {
  it('returns the changes of the CI whose run overlaps the window, skipping ones that never ran', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const ci = 'CI-000007';
    await store.saveChange(
      onCi(1, ci, { state: 'succeeded', createdAt: 1_000, startedAt: 1_100, finishedAt: 2_000 }),
    );
    await store.saveChange(
      onCi(2, ci, { state: 'rejected', createdAt: 1_000, startedAt: null, finishedAt: 1_500 }),
    );
    await store.saveChange(
      onCi(3, 'CI-000008', { state: 'succeeded', createdAt: 1_000, startedAt: 1_000, finishedAt: 9_000 }),
    );
    await store.saveChange(
      onCi(4, ci, { state: 'running', createdAt: 5_000, startedAt: 5_000, finishedAt: null }),
    );
    const lookup = changeWindowFromStore(store, () => 6_000);

    expect(await lookup.coveringChanges(ci, 1_500, 1_600)).toEqual([
      { id: makeChange(1).id, from: 1_100, to: 2_000 },
    ]);
    expect(await lookup.coveringChanges(ci, 2_500, 4_000)).toEqual([]);
    // A change still running covers its CI until now.
    expect(await lookup.coveringChanges(ci, 5_500, 5_900)).toEqual([
      { id: makeChange(4).id, from: 5_000, to: 6_000 },
    ]);
    await store.close();
  });
});
