import type { Logger } from 'pino';
import type { RedisStoreConfig, ResolvedConfig } from '../config/types.js';
import { systemClock } from '../correlator/clock/clock.js';
import type { Correlator } from '../correlator/correlator.js';
import { pruneOutbox } from '../correlator/notify/outbox-pruning.js';
import { isGroupStore } from '../correlator/store/group-store.js';
import { RedisKeys } from '../correlator/store/redis/keys.js';
import type { RedisStore } from '../correlator/store/redis/redis-store.js';
import type { LeasedJob } from '../correlator/stream/leased-timers.js';
import { pruneEventIds } from '../correlator/stream/prune-event-ids.js';
import { trimProcessed } from '../correlator/stream/stream-trim.js';

/** How often timer work (alert expiry, hold-down, escalation) runs on the lease holder. */
const TICK_MS = 1000;
/** How often CI liveness becomes CI and service outages. */
const AVAILABILITY_MS = 15_000;
/** How often processed entries are trimmed off the ingest stream. */
const TRIM_MS = 10_000;
/** How often raw events, processed event ids and old correlation groups are pruned. */
const PRUNE_MS = 3_600_000;
/** Correlation groups older than this are past every sensible window. */
const GROUP_RETENTION_MS = 86_400_000;
/** How often the lease holder delivers the notification outbox (as `vigil run`'s timer). */
const NOTIFY_MS = 1000;

/**
 * The scheduled work of a `vigil server` installation, run by the replica holding the timer lease
 * only (so an incident escalates once, a CI goes stale once, an SLA outage is counted once, and
 * notifications are sent by one replica, each under a claim: docs/notifications.md).
 */
export function serverJobs(input: {
  correlator: Correlator;
  store: RedisStore;
  storeConfig: RedisStoreConfig;
  config: Pick<ResolvedConfig, 'cmdb' | 'notify'>;
  stream: string;
  group: string;
  logger: Logger;
}): LeasedJob[] {
  const { correlator, store, storeConfig, logger } = input;
  const clientIds = new RedisKeys(storeConfig.keyPrefix).key('events:client-ids');
  const jobs: LeasedJob[] = [
    {
      name: 'timers',
      everyMs: TICK_MS,
      run: async () => {
        await correlator.pipeline.tick();
        await correlator.automation?.tick();
      },
    },
    {
      name: 'cmdb-lifecycle',
      everyMs: input.config.cmdb.lifecycle.sweepIntervalMs,
      run: async () => {
        await correlator.cmdb.sweepLifecycle();
        await correlator.trackAvailability(true);
      },
    },
    { name: 'availability', everyMs: AVAILABILITY_MS, run: () => correlator.trackAvailability() },
    {
      name: 'trim-stream',
      everyMs: TRIM_MS,
      run: () => trimProcessed(store.redis, input.stream, input.group),
    },
    {
      name: 'prune',
      everyMs: PRUNE_MS,
      run: async () => {
        const now = Date.now();
        const events = await store.pruneEvents(now - storeConfig.eventRetentionMs);
        const ids = await pruneEventIds(store.redis, clientIds, now - storeConfig.idempotencyWindowMs);
        if (events + ids > 0) logger.info({ events, ids }, 'pruned raw events and processed event ids');
        if (isGroupStore(store)) await store.pruneGroups(now - GROUP_RETENTION_MS);
        const notifications = await pruneOutbox(store, systemClock, input.config.notify.retentionMs);
        if (notifications > 0)
          logger.info({ notifications }, 'pruned settled notifications past notify.retention');
      },
    },
  ];
  const dispatcher = correlator.notifications;
  // Started, not awaited: a slow receiver must never hold up the other jobs (a round still in
  // progress is joined, not doubled). Losing the lease stops a round at its next notification.
  if (dispatcher)
    jobs.push({
      name: 'notify',
      everyMs: NOTIFY_MS,
      run: async () => {
        dispatcher
          .dispatch()
          .catch((error: unknown) => logger.error({ err: error }, 'notification round failed; retrying'));
      },
    });
  return jobs;
}
