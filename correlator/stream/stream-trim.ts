import type { Redis } from 'ioredis';

/**
 * Trims the entries of the ingest stream that every replica is done with: all entries before the
 * group's oldest pending entry and not after its last delivered one are acknowledged, so
 * `XTRIM MINID` removes exactly those and never an entry still to be processed (which XADD MAXLEN
 * could). Returns how many entries went.
 */
export async function trimProcessed(redis: Redis, stream: string, group: string): Promise<number> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown as Array<Array<string | number>>;
  const ours = groups.find((fields) => fields[fields.indexOf('name') + 1] === group);
  if (!ours) return 0;
  const lastDelivered = String(ours[ours.indexOf('last-delivered-id') + 1]);
  if (lastDelivered === '0-0') return 0;
  const [pendingCount, oldestPending] = (await redis.xpending(stream, group)) as [number, string | null];
  let minId = lastDelivered;
  if (pendingCount > 0 && oldestPending !== null && compareIds(oldestPending, minId) < 0)
    minId = oldestPending;
  return Number(await redis.xtrim(stream, 'MINID', minId));
}

/** Orders two stream ids (`ms-seq`) numerically. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}
