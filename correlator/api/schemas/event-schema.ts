import { Type } from 'typebox';
import { EVENT_STATUSES, SEVERITIES } from '../../model/severity.js';

/** Limits on one event's fields: large enough for real use, small enough that no event is a weapon. */
export const EVENT_LIMITS = { name: 256, summary: 2048, labels: 64, labelValue: 1024 } as const;

/**
 * A label set: string names and values, bounded in count and size. Shared by the native event and
 * every ingest adapter, so a label set means the same everywhere.
 */
export const LabelSet = Type.Record(
  Type.String({ minLength: 1, maxLength: 128 }),
  Type.String({ maxLength: EVENT_LIMITS.labelValue }),
  // TypeBox renders the key schema as a pattern, so the name limits are stated again here.
  { maxProperties: EVENT_LIMITS.labels, propertyNames: { minLength: 1, maxLength: 128 } },
);

/** JSON Schema of the native event (DESIGN.md "Native event"). */
export const NativeEventSchema = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 128 }),
    resource: Type.String({ minLength: 1, maxLength: EVENT_LIMITS.name }),
    check: Type.String({ minLength: 1, maxLength: EVENT_LIMITS.name }),
    severity: Type.Union(SEVERITIES.map((s) => Type.Literal(s))),
    status: Type.Union(EVENT_STATUSES.map((s) => Type.Literal(s))),
    summary: Type.Optional(Type.String({ maxLength: EVENT_LIMITS.summary })),
    labels: Type.Optional(LabelSet),
    time: Type.Optional(Type.String({ format: 'date-time' })),
    dedupKey: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);

/** Body of `POST /api/v1/events`: `{ "events": [...] }` (a bare array is accepted and wrapped). */
export const EventBatchSchema = Type.Object(
  { events: Type.Array(NativeEventSchema) },
  { additionalProperties: false },
);

/** The 202 answer: one receipt per event, in order. */
export const EventBatchReply = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      fingerprint: Type.String(),
      status: Type.String(),
      decision: Type.String(),
      incidentId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
