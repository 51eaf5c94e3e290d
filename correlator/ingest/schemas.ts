import { type Static, Type } from 'typebox';
import { EVENT_LIMITS, LabelSet } from '../api/schemas/event-schema.js';

/**
 * Wire formats of the foreign senders vigil accepts (Prometheus, Alertmanager, PagerDuty). Fields
 * vigil reads are typed and bounded; unknown fields are allowed at the object level, because a
 * newer sender version adding a field must not make vigil refuse its alerts. Label maps are
 * strict: string values only, bounded names, values and count.
 */

/** Longest annotation value read (descriptions and runbook links can be long; the summary is cut). */
const ANNOTATION_VALUE = 16_384;

/** Annotations: string values, bounded. */
export const Annotations = Type.Record(
  Type.String({ minLength: 1, maxLength: 128 }),
  Type.String({ maxLength: ANNOTATION_VALUE }),
  { maxProperties: EVENT_LIMITS.labels, propertyNames: { minLength: 1, maxLength: 128 } },
);

const Time = Type.String({ format: 'date-time', maxLength: 64 });
const Url = Type.String({ maxLength: 4096 });

/** One alert as Prometheus posts it to an Alertmanager (`POST /api/v2/alerts`, `postableAlert`). */
export const PrometheusAlertSchema = Type.Object({
  labels: LabelSet,
  annotations: Type.Optional(Annotations),
  startsAt: Type.Optional(Time),
  endsAt: Type.Optional(Time),
  generatorURL: Type.Optional(Url),
});
/** One alert of Prometheus' alert push. */
export type PrometheusAlert = Static<typeof PrometheusAlertSchema>;

/** The body of `POST /api/v2/alerts`: a JSON array of alerts. */
export const PrometheusAlertsSchema = Type.Array(PrometheusAlertSchema);

/** One alert of an Alertmanager webhook notification. */
export const AlertmanagerAlertSchema = Type.Object({
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  labels: LabelSet,
  annotations: Type.Optional(Annotations),
  startsAt: Type.Optional(Time),
  endsAt: Type.Optional(Time),
  generatorURL: Type.Optional(Type.String({ maxLength: 4096 })),
  fingerprint: Type.String({ minLength: 1, maxLength: 128 }),
});
/** One alert of an Alertmanager webhook. */
export type AlertmanagerAlert = Static<typeof AlertmanagerAlertSchema>;

/** Alertmanager's webhook body, `version: "4"` (the only version Alertmanager has shipped since 0.5). */
export const AlertmanagerWebhookSchema = Type.Object({
  version: Type.Literal('4'),
  groupKey: Type.String({ maxLength: 16_384 }),
  truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  receiver: Type.String({ maxLength: 1024 }),
  groupLabels: Type.Optional(LabelSet),
  commonLabels: Type.Optional(LabelSet),
  commonAnnotations: Type.Optional(Annotations),
  externalURL: Type.Optional(Url),
  alerts: Type.Array(AlertmanagerAlertSchema),
});
/** An Alertmanager webhook notification. */
export type AlertmanagerWebhook = Static<typeof AlertmanagerWebhookSchema>;

/** PagerDuty Events API v2 event (`POST https://events.pagerduty.com/v2/enqueue`). */
export const PagerDutyEventSchema = Type.Object({
  routing_key: Type.String({ minLength: 1, maxLength: 128 }),
  event_action: Type.Union([Type.Literal('trigger'), Type.Literal('acknowledge'), Type.Literal('resolve')]),
  dedup_key: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  payload: Type.Optional(
    Type.Object({
      summary: Type.String({ minLength: 1, maxLength: 1024 }),
      source: Type.String({ minLength: 1, maxLength: 255 }),
      severity: Type.Union([
        Type.Literal('critical'),
        Type.Literal('error'),
        Type.Literal('warning'),
        Type.Literal('info'),
      ]),
      timestamp: Type.Optional(Time),
      component: Type.Optional(Type.String({ maxLength: 255 })),
      group: Type.Optional(Type.String({ maxLength: 255 })),
      class: Type.Optional(Type.String({ maxLength: 255 })),
      custom_details: Type.Optional(Type.Unknown()),
    }),
  ),
});
/** A PagerDuty Events API v2 event. */
export type PagerDutyEvent = Static<typeof PagerDutyEventSchema>;

/** PagerDuty's answer to an accepted event, kept byte for byte so PagerDuty clients are happy. */
export const PagerDutyReply = Type.Object({
  status: Type.Literal('success'),
  message: Type.String(),
  dedup_key: Type.String(),
});
