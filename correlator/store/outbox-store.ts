import type { TimelineEntry } from '../model/records.js';
import type { Page } from './contract.js';

/** The incident transitions that notify (docs/notifications.md). */
export const NOTIFY_TRANSITIONS = ['opened', 'acknowledged', 'escalated', 'resolved'] as const;
export type NotifyTransition = (typeof NOTIFY_TRANSITIONS)[number];

/** Where a notification is in its life: waiting (or retrying), delivered, or given up (dead letter). */
export const NOTIFICATION_STATES = ['pending', 'delivered', 'dead'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * One notification of the durable outbox: what an incident transition sends to one receiver,
 * rendered when the transition was committed (secrets are added only when it is sent), and how its
 * delivery went.
 */
export interface OutboxEntry {
  /** The idempotency key (`Idempotency-Key` header): incident, transition, version and receiver. */
  id: string;
  incidentId: string;
  transition: NotifyTransition;
  receiver: string;
  /** The `notify.routes` entry that chose the receiver. */
  rule: string;
  kind: 'webhook' | 'pagerduty';
  /** The rendered JSON body, without secrets (PagerDuty's `routing_key` is added when sending). */
  body: unknown;
  createdAt: number;
  /** When an operator last queued it again (its maximum age counts from here then). */
  requeuedAt?: number | null;
  state: NotificationState;
  /** Attempts made so far. */
  attempts: number;
  /** When a pending notification is tried next; null once delivered or dead. */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  /** Bounded reason of the last failure (`http_5xx`, `timeout`, `connection`, ...), null if none. */
  lastReason: string | null;
  /** What went wrong last, for people (never holds a secret). */
  lastError: string | null;
}

/** Filters of the notification list. */
export interface NotificationQuery {
  state?: NotificationState;
  incidentId?: string;
  receiver?: string;
  limit: number;
  cursor?: string;
}

/** A dispatcher's hold on one notification while it sends it (`claimNotification`). */
export interface NotificationClaim {
  /** Unique per claim (replica and a counter): only this claim may record the outcome. */
  owner: string;
  /** The claimer's clock now; a claim whose `until` passed before it may be taken over. */
  now: number;
  /** When the claim lapses: longer than one attempt (the receiver's timeout) takes. */
  until: number;
}

/**
 * The outbox's storage, apart from the base `Store` (both stores implement it; entries are
 * added by `Store.commit` through `UnitOfWork.notifications`).
 */
export interface OutboxStore {
  /**
   * Pending notifications whose next attempt is due at or before `now`, soonest first (ties in
   * queue order), at most `limit`; only the oldest pending one of each incident and receiver, so a
   * receiver hears an incident's transitions in order.
   */
  dueNotifications(now: number, limit: number): Promise<OutboxEntry[]>;
  /**
   * Takes a notification for one attempt, atomically: only while it is pending, due at
   * `claim.now`, the oldest pending one of its incident and receiver, and not held by another
   * unexpired claim. Returns the entry as stored then, or null when it is not to be sent (so two
   * replicas never send it at once, and a stale due list never sends what was delivered since).
   */
  claimNotification(id: string, claim: NotificationClaim): Promise<OutboxEntry | null>;
  /**
   * Stores a notification after an attempt (or an operator's requeue), and with it, in the same
   * transaction, the timeline entry that tells the incident about it (`notified`, `notify_failed`),
   * and releases any claim. With `claimOwner`, only if that claim still holds it (an outcome from
   * a replica whose claim was taken over is dropped, so it can never queue a delivered
   * notification again). Resolves false, writing nothing, when refused or the id is unknown.
   */
  recordNotification(
    entry: OutboxEntry,
    timeline?: { incidentId: string; entry: TimelineEntry },
    claimOwner?: string,
  ): Promise<boolean>;
  getNotification(id: string): Promise<OutboxEntry | null>;
  /** Notifications newest first. */
  listNotifications(query: NotificationQuery): Promise<Page<OutboxEntry>>;
  /** Counts by state and receiver, for gauges. */
  notificationCounts(): Promise<Array<{ state: string; receiver: string; count: number }>>;
  /**
   * Voids every claim: for a single-process installation (`vigil run`) at start, where any claim
   * left belongs to a process that died, so its notifications are sent now rather than when the
   * claims would lapse. Never for `vigil server`, whose other replicas hold live claims. Resolves
   * with how many were released.
   */
  releaseClaims(): Promise<number>;
  /**
   * Deletes at most `limit` delivered and dead notifications settled before `before` (retention,
   * `notify.retention`); pending ones are never deleted. Resolves with how many went.
   */
  pruneNotifications(before: number, limit: number): Promise<number>;
}

/**
 * When a settled notification counts from for retention: its delivery, else (a dead letter) when
 * it was last queued. Null while pending, which is never pruned.
 */
export function settledAt(entry: OutboxEntry): number | null {
  if (entry.state === 'pending') return null;
  return entry.deliveredAt ?? entry.requeuedAt ?? entry.createdAt;
}

/** Whether a store implements `OutboxStore`. */
export function isOutboxStore(store: object): store is OutboxStore {
  return (
    typeof (store as Partial<OutboxStore>).dueNotifications === 'function' &&
    typeof (store as Partial<OutboxStore>).recordNotification === 'function'
  );
}
