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

/**
 * The outbox's storage, apart from the base `Store` (the embedded store implements it; entries are
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
   * Stores a notification after an attempt (or an operator's requeue), and with it, in the same
   * transaction, the timeline entry that tells the incident about it (`notified`, `notify_failed`).
   */
  recordNotification(
    entry: OutboxEntry,
    timeline?: { incidentId: string; entry: TimelineEntry },
  ): Promise<void>;
  getNotification(id: string): Promise<OutboxEntry | null>;
  /** Notifications newest first. */
  listNotifications(query: NotificationQuery): Promise<Page<OutboxEntry>>;
  /** Counts by state and receiver, for gauges. */
  notificationCounts(): Promise<Array<{ state: string; receiver: string; count: number }>>;
}

/** Whether a store implements `OutboxStore`. */
export function isOutboxStore(store: object): store is OutboxStore {
  return (
    typeof (store as Partial<OutboxStore>).dueNotifications === 'function' &&
    typeof (store as Partial<OutboxStore>).recordNotification === 'function'
  );
}
