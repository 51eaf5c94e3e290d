import type { Redis } from 'ioredis';
import { excl } from './lex.js';

/**
 * Walks a lexicographic sorted-set index from `start` towards `end` in chunks, yielding members
 * in order; each chunk continues exclusively after the last member read, so concurrent writes
 * never make a member appear twice.
 */
export async function* lexScan(
  redis: Redis,
  key: string,
  start: Buffer | string,
  end: Buffer | string,
  rev: boolean,
  chunk: number,
): AsyncGenerator<string> {
  let from = start;
  for (;;) {
    const members = rev
      ? await redis.zrange(key, from, end, 'BYLEX', 'REV', 'LIMIT', 0, chunk)
      : await redis.zrange(key, from, end, 'BYLEX', 'LIMIT', 0, chunk);
    for (const m of members) yield m;
    if (members.length < chunk) return;
    from = excl(members[members.length - 1]!);
  }
}
