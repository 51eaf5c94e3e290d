import { describe, expect, it } from 'vitest';
import { RecordCache } from './record-cache.js';

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `k${from + i}`);

describe('RecordCache', () => {
  it('keeps the newest half of its capacity at least, and never more than its capacity', () => {
    const cache = new RecordCache<number>(10);
    for (const [i, key] of keys(100).entries()) {
      cache.set(key, i);
      expect(cache.size).toBeLessThanOrEqual(10);
      // The five newest writes are always there.
      for (let back = 0; back < Math.min(5, i + 1); back++) expect(cache.get(`k${i - back}`)).toBe(i - back);
    }
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.size).toBeGreaterThanOrEqual(5);
  });

  it('forgets by write order: a rewrite keeps an entry, a read does not', () => {
    const cache = new RecordCache<number>(4);
    cache.set('written', 1);
    cache.set('read', 2);
    for (const [i, key] of keys(6).entries()) {
      cache.set('written', 100 + i);
      expect(cache.get('read') === undefined || cache.get('read') === 2).toBe(true);
      cache.set(key, i);
    }
    expect(cache.get('written')).toBe(105);
    expect(cache.get('read')).toBeUndefined();
  });

  it('replaces and deletes entries in either generation', () => {
    const cache = new RecordCache<string>(4);
    cache.set('k', 'old');
    cache.set('k', 'new');
    expect(cache.get('k')).toBe('new');
    cache.set('other', 'x');
    // 'k' and 'other' moved to the old generation together; a rewrite brings 'k' back young.
    cache.set('k', 'newer');
    expect(cache.get('k')).toBe('newer');
    expect(cache.size).toBe(2);
    cache.delete('k');
    cache.delete('other');
    expect(cache.get('k')).toBeUndefined();
    expect(cache.get('other')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
