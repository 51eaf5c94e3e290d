import Type from 'typebox';
import { NOTIFY_TRANSITIONS } from '../correlator/store/outbox-store.js';
import { parseDuration } from './duration.js';

/**
 * The `notify` section of the config (docs/notifications.md): receivers (webhook, PagerDuty
 * Events API v2), routes and the delivery policy. Kept in its own file and referenced from
 * `schema.ts`; what one value cannot express (unique names, receivers that exist, templates,
 * matchers, what each kind needs) is checked by `notify-checks.ts` with file and line.
 */
const closed = { additionalProperties: false } as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const name = (description: string) =>
  Type.Refine(
    Type.String({ description, examples: ['ops-webhook'] }),
    (value) => NAME.test(value),
    () => 'must be 1 to 64 letters, digits, "-", "_", "." or ":", starting with a letter or digit',
  );

const duration = (fallback: string, description: string) =>
  Type.Refine(
    Type.String({ default: fallback, description, examples: ['10s', '5m', '24h'] }),
    (value) => {
      try {
        return parseDuration(value) > 0;
      } catch {
        return false;
      }
    },
    () => 'must be a duration greater than zero, such as 10s, 5m or 24h',
  );

const Url = (fallback?: string) =>
  Type.Refine(
    Type.String({
      ...(fallback ? { default: fallback } : {}),
      maxLength: 2048,
      description: 'http:// or https:// URL the notification is POSTed to.',
      examples: ['https://hooks.example/vigil'],
    }),
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    () => 'must be an http:// or https:// URL such as https://hooks.example/vigil',
  );

const template = (fallback: string, description: string) =>
  Type.String({ default: fallback, minLength: 1, maxLength: 1024, description });

const Receiver = Type.Object(
  {
    name: name('Unique name routes refer to; the `receiver` label of the metrics.'),
    kind: Type.Enum(['webhook', 'pagerduty'], {
      description: 'webhook (templated JSON body) or pagerduty (Events API v2).',
    }),
    url: Type.Optional(Url()),
    headers: Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), Type.String({ maxLength: 4096 }), {
      default: {},
      maxProperties: 16,
      description: 'webhook: extra request headers; put secrets in with an env or file reference.',
    }),
    body: Type.Optional(
      Type.Unknown({ description: 'webhook: the JSON body; strings may hold {{ placeholders }}.' }),
    ),
    routingKey: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'pagerduty: the integration key (a secret).',
      }),
    ),
    dedupKey: template('vigil-{{ incident.id }}', 'pagerduty: dedup_key template.'),
    summary: template('{{ incident.title }}', 'pagerduty: payload.summary template.'),
    source: template('{{ incident.resource }}', 'pagerduty: payload.source template.'),
    timeout: duration('10s', 'A request is abandoned (and retried) after this long.'),
  },
  closed,
);

const Route = Type.Object(
  {
    name: name('Unique name, shown as the rule in timelines and explanations.'),
    matchers: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      default: [],
      maxItems: 32,
      description:
        'Matchers over priority, category, assignmentGroup, status, impact, urgency, resource, check, transition and the labels of the alert that opened the incident; all must match (none: every incident).',
    }),
    receivers: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: 16,
      description: 'Receivers (by name) notified.',
    }),
    transitions: Type.Array(Type.Enum([...NOTIFY_TRANSITIONS]), {
      default: [...NOTIFY_TRANSITIONS],
      minItems: 1,
      uniqueItems: true,
      description: 'Transitions that notify: opened, acknowledged, escalated, resolved.',
    }),
  },
  closed,
);

const Delivery = Type.Object(
  {
    initialBackoff: duration('10s', 'Wait before the first retry; doubles per retry, with jitter.'),
    maxBackoff: duration('10m', 'Longest wait between two attempts.'),
    maxAge: duration(
      '24h',
      'A notification still undelivered this long after it was queued becomes a dead letter.',
    ),
    concurrency: Type.Integer({
      minimum: 1,
      maximum: 64,
      default: 4,
      description: 'Requests in flight at once at most.',
    }),
  },
  { ...closed, default: {} },
);

/** Longest outbox retention: ten years (a longer one is a typo, and overflows nothing then). */
const MAX_RETENTION_MS = 3650 * 86_400_000;

const Retention = Type.Refine(
  Type.String({
    default: '30d',
    maxLength: 32,
    description:
      'Delivered and dead notifications are deleted this long after they settled (delivered, or queued for a dead letter); pending ones never are.',
    examples: ['30d', '90d'],
  }),
  (value) => {
    try {
      const ms = parseDuration(value);
      return ms >= 60_000 && ms <= MAX_RETENTION_MS;
    } catch {
      return false;
    }
  },
  () => 'must be a duration from 1m to 3650d, such as 30d',
);

/** `notify`: notifications out of vigil. */
export const Notify = Type.Object(
  {
    receivers: Type.Array(Receiver, { default: [], maxItems: 100, description: 'Where notifications go.' }),
    routes: Type.Array(Route, {
      default: [],
      maxItems: 200,
      description: 'Which incidents notify which receivers.',
    }),
    delivery: Delivery,
    retention: Retention,
  },
  { ...closed, default: {} },
);
