import { hash } from 'node:crypto';
import { EVENT_LIMITS } from '../api/schemas/event-schema.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent } from '../model/event.js';
import { inOrder } from '../model/fingerprint.js';
import {
  copyLabels,
  cut,
  resourceFromLabels,
  senderTime,
  severityFromLabel,
  summaryFromAnnotations,
} from './common.js';
import type { PrometheusAlert } from './schemas.js';

/**
 * How long a firing alert without `endsAt` stays firing unless refreshed: Alertmanager's default
 * `resolve_timeout`. Prometheus itself always sends `endsAt`.
 */
export const DEFAULT_RESOLVE_TIMEOUT_MS = 5 * 60_000;

/**
 * A stable identity for a Prometheus alert: its label set, sorted, hashed (Prometheus' own
 * identity of an alert is its label set). Prefixed `prom:` so it never meets another source's keys.
 * @example labelSetKey({ alertname: 'Up', job: 'node' }) === labelSetKey({ job: 'node', alertname: 'Up' })
 */
export function labelSetKey(labels: Record<string, string>): string {
  let text = '';
  const names = Object.keys(labels);
  // Prometheus sends label names sorted; sort only when they are not (as `fingerprint` does).
  if (!inOrder(names)) names.sort();
  for (const name of names) text += `${name}\u0000${labels[name]}\u0001`;
  return `prom:${hash('sha256', text, 'hex').slice(0, 32)}`;
}

/**
 * Maps Prometheus' alert push (the body of `POST /api/v2/alerts` on an Alertmanager) to native
 * events, at receive time `now`. An alert whose `endsAt` is at or before `now` is resolved; a
 * firing one expires at its `endsAt` (or `now` + 5 minutes without one), so an alert Prometheus
 * stops refreshing resolves by itself. Events carry the receive time: `startsAt` stays the same
 * on every resend and the sender's clock may be skewed. Pure; throws VIGIL_ERR_VALIDATION on an
 * alert without `alertname`.
 */
export function prometheusToEvents(alerts: readonly PrometheusAlert[], now: number): NativeEvent[] {
  return alerts.map((alert, index) => {
    const alertname = Object.hasOwn(alert.labels, 'alertname') ? alert.labels.alertname : undefined;
    if (alertname === undefined || alertname === '') {
      throw new VigilError('VIGIL_ERR_VALIDATION', { reason: `/${index}/labels must contain "alertname"` });
    }
    const labels = copyLabels(alert.labels);
    const endsAt = senderTime(alert.endsAt);
    const status = endsAt !== undefined && endsAt <= now ? 'resolved' : 'firing';
    const check = cut(alertname, EVENT_LIMITS.name);
    const resource = resourceFromLabels(labels, check);
    return {
      source: 'prometheus',
      resource,
      check,
      severity: severityFromLabel(labels.severity),
      status,
      summary: summaryFromAnnotations(alert.annotations, `${check} ${status} on ${resource}`),
      labels,
      dedupKey: labelSetKey(labels),
      ...(status === 'firing' ? { expiresAt: endsAt ?? now + DEFAULT_RESOLVE_TIMEOUT_MS } : {}),
    };
  });
}
