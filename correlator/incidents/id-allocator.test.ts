import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/contract.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { IdAllocator } from './id-allocator.js';

/** A store whose only working method is `allocate`, recording each call. */
function countingStore(): { store: Store; calls: Array<[string, number]> } {
  let value = 0;
  const calls: Array<[string, number]> = [];
  const store = {
    async allocate(counter: string, count: number) {
      calls.push([counter, count]);
      const first = value + 1;
      value += count;
      return Array.from({ length: count }, (_, i) => first + i);
    },
  } as unknown as Store;
  return { store, calls };
}

describe('IdAllocator', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  it('formats ids with the prefix and six digits, starting at 1', async () => {
    const { store } = countingStore();
    const ids = new IdAllocator(store);
    expect(await ids.take(3)).toEqual(['INC-000001', 'INC-000002', 'INC-000003']);
    expect(await new IdAllocator(countingStore().store, 'ci', 'CI-').take(1)).toEqual(['CI-000001']);
  });

  it('reserves a block per store round trip', async () => {
    const { store, calls } = countingStore();
    const ids = new IdAllocator(store, 'incident', 'INC-', 10);
    const taken: string[] = [];
    for (let i = 0; i < 25; i++) taken.push(...(await ids.take(1)));
    expect(calls).toEqual([
      ['incident', 10],
      ['incident', 10],
      ['incident', 10],
    ]);
    expect(taken.at(-1)).toBe('INC-000025');
  });

  it('reserves a bigger block for a request larger than the block size', async () => {
    const { store, calls } = countingStore();
    const ids = new IdAllocator(store, 'incident', 'INC-', 10);
    const taken = await ids.take(25);
    expect(calls).toEqual([['incident', 25]]);
    expect(new Set(taken).size).toBe(25);
    expect(await ids.take(1)).toEqual(['INC-000026']);
  });

  it('spans blocks within one request', async () => {
    const { store, calls } = countingStore();
    const ids = new IdAllocator(store, 'incident', 'INC-', 10);
    await ids.take(8);
    const taken = await ids.take(5);
    expect(taken).toEqual(['INC-000009', 'INC-000010', 'INC-000011', 'INC-000012', 'INC-000013']);
    expect(calls).toHaveLength(2);
  });

  it('returns nothing for zero', async () => {
    const { store, calls } = countingStore();
    expect(await new IdAllocator(store).take(0)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('never hands out the same id from two allocators on one store', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    stores.push(store);
    const a = new IdAllocator(store, 'incident', 'INC-', 7);
    const b = new IdAllocator(store, 'incident', 'INC-', 5);
    const all: string[] = [];
    for (let i = 0; i < 40; i++) {
      all.push(...(await a.take(1 + (i % 3))));
      all.push(...(await b.take(1 + (i % 2))));
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((id) => /^INC-\d{6}$/.test(id))).toBe(true);
  });

  it('keeps allocators of different counters independent', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    stores.push(store);
    expect(await new IdAllocator(store, 'incident', 'INC-').take(1)).toEqual(['INC-000001']);
    expect(await new IdAllocator(store, 'ci', 'CI-').take(1)).toEqual(['CI-000001']);
    // The second incident allocator gets the next block, after the first one's 100.
    expect(await new IdAllocator(store, 'incident', 'INC-').take(1)).toEqual(['INC-000101']);
  });

  it('never hands out an id twice under concurrent requests', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    stores.push(store);
    const ids = new IdAllocator(store, 'incident', 'INC-', 3);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ids.take(1 + (i % 4))));
    const all = results.flat();
    expect(all).toHaveLength(results.reduce((n, r) => n + r.length, 0));
    expect(new Set(all).size).toBe(all.length);
  });
});
