import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The metrics of notifications, on a registry passed in. Labels are bounded: `receiver` is a
 * configured receiver name, `reason` a `FailureReason`, `transition` one of four, `state` one of three.
 */
export function createNotifyMetrics(registry: Registry) {
  const registers = [registry];
  return {
    queued: new Counter({
      name: 'vigil_notifications_queued_total',
      help: 'Notifications written to the outbox with their incident transition, by receiver and transition.',
      labelNames: ['receiver', 'transition'] as const,
      registers,
    }),
    sent: new Counter({
      name: 'vigil_notifications_sent_total',
      help: 'Notifications delivered (the receiver answered 2xx), by receiver.',
      labelNames: ['receiver'] as const,
      registers,
    }),
    failed: new Counter({
      name: 'vigil_notifications_failed_total',
      help: 'Notifications given up (dead letters), by receiver and reason.',
      labelNames: ['receiver', 'reason'] as const,
      registers,
    }),
    retried: new Counter({
      name: 'vigil_notifications_retried_total',
      help: 'Failed attempts that will be retried after a backoff, by receiver and reason.',
      labelNames: ['receiver', 'reason'] as const,
      registers,
    }),
    outbox: new Gauge({
      name: 'vigil_notifications',
      help: 'Notifications in the outbox, by state (pending, delivered, dead) and receiver.',
      labelNames: ['state', 'receiver'] as const,
      registers,
    }),
  };
}

/** The handles `createNotifyMetrics` returns. */
export type NotifyMetrics = ReturnType<typeof createNotifyMetrics>;
