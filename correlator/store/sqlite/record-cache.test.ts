import { describe, expect, it } from 'vitest';
import { RecordCache } from './record-cache.js';

describe('RecordCache', () => {
  it('evicts the least recently written entry beyond capacity', () => {
    const cache = new RecordCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('does not let reads change what is evicted', () => {
    const cache = new RecordCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
  });

  it('replaces and deletes entries', () => {
    const cache = new RecordCache<string>(3);
    cache.set('k', 'old');
    cache.set('k', 'new');
    expect(cache.get('k')).toBe('new');
    cache.delete('k');
    expect(cache.get('k')).toBeUndefined();
  });
});
