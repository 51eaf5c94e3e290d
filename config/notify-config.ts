import { type NotifyConfig, PAGERDUTY_EVENTS_URL } from '../correlator/notify/setup.js';
import { parseDuration } from './duration.js';
import type { RawConfig } from './schema.js';

/**
 * Converts a schema-valid `notify` section: durations in ms, PagerDuty's URL defaulted. A webhook
 * without `url` keeps `''` here; `notify-checks.ts` reports it before anything runs.
 */
export function toNotifyConfig(raw: RawConfig['notify']): NotifyConfig {
  return {
    receivers: raw.receivers.map((r) => ({
      name: r.name,
      kind: r.kind,
      url: r.url ?? (r.kind === 'pagerduty' ? PAGERDUTY_EVENTS_URL : ''),
      headers: r.headers,
      ...(r.body === undefined ? {} : { body: r.body }),
      ...(r.routingKey === undefined ? {} : { routingKey: r.routingKey }),
      dedupKey: r.dedupKey,
      summary: r.summary,
      source: r.source,
      timeoutMs: parseDuration(r.timeout),
    })),
    routes: raw.routes.map((route) => ({
      name: route.name,
      matchers: route.matchers,
      receivers: route.receivers,
      transitions: route.transitions,
    })),
    delivery: {
      initialBackoffMs: parseDuration(raw.delivery.initialBackoff),
      maxBackoffMs: parseDuration(raw.delivery.maxBackoff),
      maxAgeMs: parseDuration(raw.delivery.maxAge),
      concurrency: raw.delivery.concurrency,
    },
    retentionMs: parseDuration(raw.retention),
  };
}
