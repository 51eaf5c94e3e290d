import type { Clock } from '../clock/clock.js';
import type { OutboxStore } from '../store/outbox-store.js';

/** Notifications deleted per store call: one short transaction or script at a time. */
const PRUNE_CHUNK = 500;

/**
 * Deletes the delivered and dead notifications that settled more than `retentionMs` before the
 * clock's now (`notify.retention`), a chunk at a time so neither store holds a long write; pending
 * ones are never deleted. Run by `vigil run`'s prune timer and `vigil server`'s leased prune job.
 * Resolves with how many went.
 */
export async function pruneOutbox(store: OutboxStore, clock: Clock, retentionMs: number): Promise<number> {
  const before = clock.now() - retentionMs;
  let total = 0;
  for (;;) {
    const deleted = await store.pruneNotifications(before, PRUNE_CHUNK);
    total += deleted;
    if (deleted < PRUNE_CHUNK) return total;
  }
}
