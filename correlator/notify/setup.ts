import { type Matcher, parseMatchers } from '../../rules/matchers.js';
import type { ArgTemplate } from '../automation/template.js';
import { compileArgTemplate } from '../automation/template.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NotifyTransition } from '../store/outbox-store.js';
import { type BodyTemplate, compileBody, isNotifyField } from './body-template.js';

/** One receiver as the config resolves it (secrets in place, durations in ms). */
export interface NotifyReceiverConfig {
  readonly name: string;
  readonly kind: 'webhook' | 'pagerduty';
  readonly url: string;
  /** Extra request headers (webhook), secrets resolved. */
  readonly headers: Readonly<Record<string, string>>;
  /** The webhook body template as written; the default body when absent. */
  readonly body?: unknown;
  /** PagerDuty integration key (secret). */
  readonly routingKey?: string;
  /** PagerDuty templates. */
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly timeoutMs: number;
}

/** One routing rule: incidents its matchers accept notify its receivers on its transitions. */
export interface NotifyRouteConfig {
  readonly name: string;
  readonly matchers: readonly string[];
  readonly receivers: readonly string[];
  readonly transitions: readonly NotifyTransition[];
}

/** Retry policy of the dispatcher. */
export interface DeliveryPolicy {
  /** Delay before the first retry; doubles on each further one up to `maxBackoffMs`, with jitter. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A notification still undelivered this long after it was queued goes to the dead letters. */
  readonly maxAgeMs: number;
  /** Requests in flight at once at most. */
  readonly concurrency: number;
}

/** The `notify` section as vigil runs it (config/README.md "notify"). */
export interface NotifyConfig {
  readonly receivers: readonly NotifyReceiverConfig[];
  readonly routes: readonly NotifyRouteConfig[];
  readonly delivery: DeliveryPolicy;
  /** Delivered and dead notifications are pruned this long after they settled (`notify.retention`). */
  readonly retentionMs: number;
}

/** A receiver with its templates compiled. */
export type Receiver =
  | {
      readonly kind: 'webhook';
      readonly name: string;
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: BodyTemplate;
      readonly timeoutMs: number;
    }
  | {
      readonly kind: 'pagerduty';
      readonly name: string;
      readonly url: string;
      readonly routingKey: string;
      readonly dedupKey: ArgTemplate;
      readonly summary: ArgTemplate;
      readonly source: ArgTemplate;
      readonly timeoutMs: number;
    };

/** A routing rule compiled. */
export interface Route {
  readonly name: string;
  readonly matchers: readonly Matcher[];
  readonly receivers: readonly string[];
  readonly transitions: ReadonlySet<NotifyTransition>;
}

/** Everything notifications need at run time. */
export interface NotifySetup {
  readonly receivers: ReadonlyMap<string, Receiver>;
  readonly routes: readonly Route[];
  readonly delivery: DeliveryPolicy;
}

/** PagerDuty's Events API v2 endpoint, the default `url` of a pagerduty receiver. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Template defaults of a pagerduty receiver. */
export const PAGERDUTY_DEFAULTS = {
  dedupKey: 'vigil-{{ incident.id }}',
  summary: '{{ incident.title }}',
  source: '{{ incident.resource }}',
} as const;

/** The body a webhook receiver sends when its config gives none. */
export const DEFAULT_WEBHOOK_BODY = {
  transition: '{{ transition }}',
  at: '{{ at }}',
  detail: '{{ detail }}',
  rule: '{{ rule }}',
  incident: {
    id: '{{ incident.id }}',
    title: '{{ incident.title }}',
    status: '{{ incident.status }}',
    priority: '{{ incident.priority }}',
    category: '{{ incident.category }}',
    impact: '{{ incident.impact }}',
    urgency: '{{ incident.urgency }}',
    assignmentGroup: '{{ incident.assignmentGroup }}',
    assignee: '{{ incident.assignee }}',
    escalationLevel: '{{ incident.escalationLevel }}',
    resource: '{{ incident.resource }}',
    check: '{{ incident.check }}',
    createdAt: '{{ incident.createdAt }}',
  },
} as const;

/** One problem of a `notify` section: the path below `notify` and what to fix. */
export type NotifyProblem = { path: Array<string | number>; reason: string };

/**
 * Finds what the schema cannot: unique names, routes naming receivers that exist, templates with
 * known placeholders, valid matchers, a kind's required keys. Used by the config checks (which
 * add file and line) and by `compileNotify`.
 */
export function notifyProblems(config: NotifyConfig): NotifyProblem[] {
  const problems: NotifyProblem[] = [];
  const names = new Map<string, number>();
  for (const [i, r] of config.receivers.entries()) {
    const first = names.get(r.name);
    if (first !== undefined)
      problems.push({
        path: ['receivers', i, 'name'],
        reason: `"${r.name}" is already the name of notify.receivers[${first}]`,
      });
    else names.set(r.name, i);
    if (r.kind === 'webhook') {
      if (r.routingKey !== undefined)
        problems.push({
          path: ['receivers', i, 'routingKey'],
          reason: 'only a pagerduty receiver takes a routingKey',
        });
      if (r.body !== undefined)
        for (const p of compileBody(r.body).problems)
          problems.push({ path: ['receivers', i, 'body', ...p.path], reason: p.reason });
    } else {
      if (r.routingKey === undefined || r.routingKey === '')
        problems.push({
          path: ['receivers', i],
          reason: `a pagerduty receiver needs routingKey (use \${env:NAME} or \${file:path})`,
        });
      if (r.body !== undefined)
        problems.push({
          path: ['receivers', i, 'body'],
          reason: 'a pagerduty receiver sends the Events API v2 body; remove body',
        });
      if (Object.keys(r.headers).length > 0)
        problems.push({
          path: ['receivers', i, 'headers'],
          reason: 'a pagerduty receiver takes no headers; remove them',
        });
      for (const key of ['dedupKey', 'summary', 'source'] as const) {
        const reason = templateProblem(r[key]);
        if (reason) problems.push({ path: ['receivers', i, key], reason });
      }
    }
  }
  const routeNames = new Map<string, number>();
  for (const [i, route] of config.routes.entries()) {
    const first = routeNames.get(route.name);
    if (first !== undefined)
      problems.push({
        path: ['routes', i, 'name'],
        reason: `"${route.name}" is already the name of notify.routes[${first}]`,
      });
    else routeNames.set(route.name, i);
    for (const [j, receiver] of route.receivers.entries()) {
      if (!names.has(receiver)) {
        const known = [...names.keys()];
        problems.push({
          path: ['routes', i, 'receivers', j],
          reason: `unknown receiver "${receiver}"; ${known.length ? `notify.receivers names ${known.map((n) => `"${n}"`).join(', ')}` : 'notify.receivers is empty'}`,
        });
      }
    }
    for (const [j, text] of route.matchers.entries()) {
      try {
        parseMatchers([text]);
      } catch (error) {
        problems.push({
          path: ['routes', i, 'matchers', j],
          reason: (error as Error).message.replace(/\.$/, ''),
        });
      }
    }
  }
  return problems;
}

function templateProblem(text: string): string | null {
  try {
    compileArgTemplate(text, isNotifyField);
    return null;
  } catch (error) {
    return `${(error as Error).message}; see docs/notifications.md for the placeholders`;
  }
}

/**
 * Compiles a checked `notify` section. Throws VIGIL_ERR_CONFIG_INVALID with the first problem when
 * given one the checks would have refused (the config loader reports them all with file and line).
 */
export function compileNotify(config: NotifyConfig): NotifySetup {
  const problem = notifyProblems(config)[0];
  if (problem) {
    throw new VigilError('VIGIL_ERR_CONFIG_INVALID', {
      file: '(notify)',
      line: 0,
      column: 0,
      key: `notify.${problem.path.join('.')}`,
      reason: problem.reason,
    });
  }
  const receivers = new Map<string, Receiver>();
  for (const r of config.receivers) {
    if (r.kind === 'webhook') {
      receivers.set(r.name, {
        kind: 'webhook',
        name: r.name,
        url: r.url,
        headers: r.headers,
        body: compileBody(r.body ?? DEFAULT_WEBHOOK_BODY).template!,
        timeoutMs: r.timeoutMs,
      });
    } else {
      receivers.set(r.name, {
        kind: 'pagerduty',
        name: r.name,
        url: r.url,
        routingKey: r.routingKey ?? '',
        dedupKey: compileArgTemplate(r.dedupKey, isNotifyField),
        summary: compileArgTemplate(r.summary, isNotifyField),
        source: compileArgTemplate(r.source, isNotifyField),
        timeoutMs: r.timeoutMs,
      });
    }
  }
  return {
    receivers,
    routes: config.routes.map((route) => ({
      name: route.name,
      matchers: parseMatchers(route.matchers),
      receivers: route.receivers,
      transitions: new Set(route.transitions),
    })),
    delivery: config.delivery,
  };
}
