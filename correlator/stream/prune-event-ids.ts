import type { Redis } from 'ioredis';

/**
 * Trim policy of the processed-event-id record (`events:client-ids`, written by `commit.lua` in
 * the same script as the commit): ids recorded before `before` are deleted, in HSCAN pages, so
 * the record holds one idempotency window of ids instead of growing forever. A redelivered or
 * retried event older than the window would be processed again; the window
 * (`store.idempotencyWindow`, default 24h) is far longer than any claim or retry delay.
 * Returns how many ids went.
 */
export async function pruneEventIds(redis: Redis, key: string, before: number, page = 1000): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', page);
    cursor = next;
    const old: string[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) if (Number(flat[i + 1]) < before) old.push(flat[i]!);
    if (old.length > 0) removed += await redis.hdel(key, ...old);
  } while (cursor !== '0');
  return removed;
}
