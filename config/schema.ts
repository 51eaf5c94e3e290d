import Type, { type Static } from 'typebox';
import {
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTS,
} from '../collector/host/probe-options.js';
import { CI_CLASSES, PRIORITIES, URGENCIES } from '../correlator/model/itil.js';
import { minutesOf } from '../correlator/sla/business-hours.js';
import { isTimeZone } from '../correlator/sla/time-zone.js';
import { parseDuration } from './duration.js';
import { listenProblem } from './listen.js';
import { Notify } from './notify-schema.js';
import { SnmpSchema } from './snmp-schema.js';
import { Suppression } from './suppression-schema.js';

/**
 * The one schema of vigil's YAML configuration (DESIGN.md "Configuration"). Every object is
 * closed (`additionalProperties: false`) so typos are errors, and every optional key carries its
 * default here, so this file is the single source of truth that README.md and the examples follow
 * (the host probe's filter lists come from the probe itself, so the two cannot drift apart).
 * Values holding `${env:...}`/`${file:...}` references are validated by the loader once resolved.
 */

/** Top-level sections of DESIGN.md that this version does not implement; a config using one is rejected. */
export const UNSUPPORTED_SECTIONS: readonly string[] = [];

/** Rule sources built into vigil, usable as `builtin:<name>` in `rules`. */
export const BUILTIN_RULE_SETS = ['host', 'snmp'] as const;

/** Roles a bearer token can have (DESIGN.md "Auth"). */
export const TOKEN_ROLES = ['viewer', 'operator', 'admin', 'agent'] as const;

/** Log levels, as pino names them. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** Alert severities that can open incidents; `info` and `ok` never do. */
export const INCIDENT_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;

/** Shortest accepted token, in characters after secret resolution. */
export const MIN_TOKEN_LENGTH = 16;

/** Group an incident goes to when no `incidents.assignment` entry matches. */
export const DEFAULT_ASSIGNMENT_GROUP = 'service-desk';

const closed = { additionalProperties: false } as const;

function isDuration(value: string, positive: boolean): boolean {
  try {
    const ms = parseDuration(value);
    return positive ? ms > 0 : true;
  } catch {
    return false;
  }
}

function duration(fallback: string, description: string, positive = true) {
  return Type.Refine(
    Type.String({ default: fallback, description, examples: ['30s', '5m', '1h'] }),
    (value) => isDuration(value, positive),
    () =>
      positive
        ? 'must be a duration greater than zero, such as 30s, 5m, 2h or 1d'
        : 'must be a duration such as 0s, 30s, 5m, 2h or 1d',
  );
}

function matching(
  pattern: RegExp,
  options: { default?: string; description: string; examples: string[] },
  message: string,
) {
  return Type.Refine(
    Type.String(options),
    (value) => pattern.test(value),
    () => message,
  );
}

function nonEmpty(description: string) {
  return Type.Refine(
    Type.String({ description, examples: ['a-name'] }),
    (value) => value.trim() !== '',
    () => 'must not be empty',
  );
}

const Listen = Type.Refine(
  Type.String({
    default: '127.0.0.1:9860',
    description: 'HOST:PORT of the HTTP API and /metrics; IPv6 hosts in brackets ([::1]:9860).',
    examples: ['127.0.0.1:9860'],
  }),
  (value) => listenProblem(value) === null,
  (value) => listenProblem(value) ?? 'must be HOST:PORT',
);

const TokenValue = Type.Refine(
  Type.String({ description: `The bearer token itself; use \${env:NAME} or \${file:path}.` }),
  (value) => value.length >= MIN_TOKEN_LENGTH,
  () =>
    `must be at least ${MIN_TOKEN_LENGTH} characters long after secret resolution; generate one with "openssl rand -hex 24"`,
);

const Token = Type.Object(
  {
    name: matching(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      {
        description: 'Unique name, shown in logs and audit entries instead of the token.',
        examples: ['grafana'],
      },
      'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    ),
    role: Type.Enum(TOKEN_ROLES, { description: 'What the token may do.' }),
    token: TokenValue,
  },
  closed,
);

const Server = Type.Object(
  {
    listen: Listen,
    tokens: Type.Array(Token, { default: [], description: 'Bearer tokens accepted by the API.' }),
    metricsAuth: Type.Boolean({ default: false, description: 'When true, /metrics needs a viewer token.' }),
    limits: Type.Object(
      {
        bodyBytes: Type.Integer({
          minimum: 1024,
          maximum: 1_073_741_824,
          default: 10_485_760,
          description: 'Largest accepted request body, in bytes.',
        }),
        batchEvents: Type.Integer({
          minimum: 1,
          maximum: 100_000,
          default: 5000,
          description: 'Most events accepted in one batch.',
        }),
      },
      { ...closed, default: {} },
    ),
    logLevel: Type.Enum(LOG_LEVELS, { default: 'info', description: 'Lowest level written to the log.' }),
  },
  { ...closed, default: {} },
);

const retention = () => duration('7d', 'How long received events are kept.');

const SqliteStore = Type.Object(
  {
    kind: Type.Optional(Type.Literal('sqlite', { default: 'sqlite' })),
    path: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Database file, relative to the config file; default <data-dir>/vigil.db.',
        examples: ['./var/vigil.db'],
      }),
    ),
    synchronous: Type.Enum(['full', 'normal'], {
      default: 'full',
      description: 'SQLite fsync policy: full survives power loss, normal only process crashes.',
    }),
    eventRetention: retention(),
    cache: Type.Object(
      {
        alerts: Type.Integer({
          minimum: 100,
          maximum: 10_000_000,
          default: 20_000,
          description:
            'Parsed alerts kept in memory for the pipeline (about 1 KB each), for state changes and new alerts; repeats of firing alerts use a compact summary of every firing alert instead.',
        }),
        incidents: Type.Integer({
          minimum: 100,
          maximum: 10_000_000,
          default: 10_000,
          description: 'Parsed incidents kept in memory for the pipeline (about 1 KB each).',
        }),
      },
      { ...closed, default: {} },
    ),
  },
  closed,
);

const RedisUrl = Type.Refine(
  Type.String({
    default: 'redis://127.0.0.1:6379',
    description: `redis:// or rediss:// URL; put a password in via \${env:NAME}.`,
    examples: ['redis://127.0.0.1:6379'],
  }),
  (value) => isRedisUrl(value),
  () => 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379',
);

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const RedisStore = Type.Object(
  {
    kind: Type.Literal('redis'),
    url: RedisUrl,
    keyPrefix: matching(
      /^[A-Za-z0-9._:-]{1,64}$/,
      {
        default: 'vigil',
        description: 'Prefix of every Redis key, so several vigil installations can share one Redis.',
        examples: ['vigil'],
      },
      'must be 1 to 64 letters, digits, ".", "_", ":" or "-" (vigil adds the cluster hash tags itself)',
    ),
    eventRetention: retention(),
    idempotencyWindow: duration(
      '24h',
      'How long processed event ids are remembered, so a redelivered or retried event is not applied twice.',
    ),
    stream: Type.Object(
      {
        maxLength: Type.Integer({
          minimum: 0,
          maximum: 100_000_000,
          default: 1_000_000,
          description:
            'Most entries (ingest batches) the ingest stream holds; beyond it ingest answers 503 instead of trimming unprocessed entries. 0: no limit.',
        }),
        batch: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          default: 200,
          description: 'Stream entries a replica reads and commits at once.',
        }),
        claimIdle: duration(
          '30s',
          'A pending entry idle this long belongs to a dead or stalled replica and is claimed by another.',
        ),
      },
      { ...closed, default: {} },
    ),
    lease: Type.Object(
      {
        ttl: duration(
          '15s',
          'Time lease of the replica that runs timers; another takes over this long after it stops.',
        ),
        renewEvery: duration(
          '5s',
          'How often the holder renews the lease; keep it at a third of ttl or less.',
        ),
      },
      { ...closed, default: {} },
    ),
  },
  closed,
);

/** The two store shapes, told apart by `kind` (absent means sqlite). */
export const STORE_KINDS = { sqlite: SqliteStore, redis: RedisStore } as const;

const patterns = (fallback: readonly string[], description: string) =>
  Type.Array(nonEmpty('A name, or a wildcard pattern with * and ?.'), {
    default: [...fallback],
    description,
  });

const Host = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Monitor the machine vigil runs on.' }),
    interval: duration('15s', 'Period of the fast probes (CPU, memory, load).'),
    slowInterval: duration('60s', 'Period of the slow probes (filesystems, interfaces, sensors).'),
    inventoryInterval: duration('1h', 'Period of the inventory sweep that updates the CMDB.'),
    name: Type.Optional(nonEmpty('CI name of this host; default the OS host name.')),
    filesystems: Type.Object(
      {
        include: patterns(['*'], 'Mount points to monitor (wildcards).'),
        exclude: patterns(DEFAULT_EXCLUDED_MOUNTS, 'Mount points to skip (wildcards); wins over include.'),
        excludeTypes: patterns(DEFAULT_EXCLUDED_FS_TYPES, 'Filesystem types to skip (exact names).'),
      },
      { ...closed, default: {} },
    ),
    interfaces: Type.Object(
      {
        include: patterns(['*'], 'Interface names to monitor (wildcards).'),
        exclude: patterns(
          DEFAULT_EXCLUDED_INTERFACES,
          'Interface names to skip (wildcards); wins over include.',
        ),
      },
      { ...closed, default: {} },
    ),
  },
  { ...closed, default: {} },
);

const RuleSource = Type.Refine(
  Type.String({
    minLength: 1,
    description: 'A rule file or glob relative to the config file, or builtin:<name>.',
    examples: ['./rules/*.yaml'],
  }),
  (value) =>
    !value.startsWith('builtin:') || (BUILTIN_RULE_SETS as readonly string[]).includes(value.slice(8)),
  () =>
    `names no built-in rule set; available: ${BUILTIN_RULE_SETS.map((name) => `builtin:${name}`).join(', ')}`,
);

const Urgency = (fallback: string) => Type.Enum(URGENCIES, { default: fallback });
const Priority = Type.Enum(PRIORITIES);
const MatrixRow = (fallback: string[]) =>
  Type.Array(Priority, {
    minItems: 4,
    maxItems: 4,
    default: fallback,
    description: 'Priorities for urgency urgent, high, medium, low (exactly 4).',
  });

const Assignment = Type.Object(
  {
    matchers: Type.Array(nonEmpty('A label matcher such as category="network".'), {
      minItems: 1,
      description: 'Label matchers; all must match.',
    }),
    group: nonEmpty('Assignment group that receives matching incidents.'),
  },
  closed,
);

/** Per-priority targets with ITIL-like defaults; every priority is always present once defaults are filled. */
const Targets = (defaults: Record<string, string>, what: string) =>
  Type.Object(
    Object.fromEntries(
      PRIORITIES.map((priority) => [
        priority,
        duration(defaults[priority]!, `${what} target of a ${priority} incident, counted from its creation.`),
      ]),
    ) as Record<(typeof PRIORITIES)[number], ReturnType<typeof duration>>,
    { ...closed, default: {} },
  );

/** Default response (acknowledgement) targets, P1 to P5. */
export const DEFAULT_RESPONSE_TARGETS = { P1: '15m', P2: '30m', P3: '2h', P4: '8h', P5: '24h' } as const;
/** Default resolution targets, P1 to P5. */
export const DEFAULT_RESOLUTION_TARGETS = { P1: '4h', P2: '8h', P3: '24h', P4: '72h', P5: '1w' } as const;

const EscalationLevel = Type.Object(
  {
    group: Type.Optional(
      nonEmpty('Assignment group an incident is reassigned to when it escalates to this level.'),
    ),
  },
  closed,
);

const Escalation = Type.Object(
  {
    response: Targets(DEFAULT_RESPONSE_TARGETS, 'Acknowledgement'),
    resolution: Targets(DEFAULT_RESOLUTION_TARGETS, 'Resolution'),
    levels: Type.Array(EscalationLevel, {
      default: [],
      description: 'Escalation levels in order: the first escalation goes to level 1, the next to level 2.',
    }),
  },
  { ...closed, default: {} },
);

const Problems = Type.Object(
  {
    recurrence: Type.Object(
      {
        count: Type.Integer({
          minimum: 2,
          maximum: 1000,
          default: 3,
          description: 'Incidents of one check on one resource that open a problem.',
        }),
        window: duration('24h', 'Time within which those incidents must have been created.'),
      },
      { ...closed, default: {} },
    ),
  },
  { ...closed, default: {} },
);

const Incidents = Type.Object(
  {
    reopenWindow: duration('1h', 'A failure that returns within this time reopens its incident.', false),
    holdDown: duration('0s', 'Delay before a recovery resolves the incident.', false),
    minSeverity: Type.Enum(INCIDENT_SEVERITIES, {
      default: 'warning',
      description: 'Alerts below this severity never open incidents.',
    }),
    urgencyBySeverity: Type.Object(
      {
        critical: Urgency('urgent'),
        major: Urgency('high'),
        minor: Urgency('medium'),
        warning: Urgency('low'),
      },
      { ...closed, default: {} },
    ),
    impactThresholds: Type.Object(
      {
        global: Type.Integer({
          minimum: 1,
          default: 10,
          description: 'Dependent CIs from which impact is global.',
        }),
        department: Type.Integer({
          minimum: 1,
          default: 3,
          description: 'Dependent CIs from which impact is department.',
        }),
      },
      { ...closed, default: {} },
    ),
    priorityMatrix: Type.Object(
      {
        global: MatrixRow(['P1', 'P2', 'P3', 'P4']),
        department: MatrixRow(['P2', 'P3', 'P4', 'P5']),
        local: MatrixRow(['P3', 'P4', 'P5', 'P5']),
      },
      { ...closed, default: {} },
    ),
    assignment: Type.Array(Assignment, {
      default: [],
      description: `First match wins; incidents matching none go to ${DEFAULT_ASSIGNMENT_GROUP}.`,
    }),
    escalation: Escalation,
    problems: Problems,
  },
  { ...closed, default: {} },
);

const SourceName = Type.String({
  pattern: '^[a-z][a-z0-9_-]{0,31}$',
  description: 'An observation source: api, host, snmp, ssh, or a collector name.',
});
const SourceRanking = (fallback: string[] | undefined, description: string) =>
  Type.Array(SourceName, {
    minItems: 1,
    maxItems: 32,
    uniqueItems: true,
    ...(fallback ? { default: fallback } : {}),
    description,
  });

const Cmdb = Type.Object(
  {
    precedence: Type.Object(
      {
        default: SourceRanking(
          ['api', 'ssh', 'snmp', 'host'],
          'Sources strongest first; a weaker source never overwrites a stronger one.',
        ),
        attributes: Type.Record(
          Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }),
          SourceRanking(undefined, 'Ranking for this attribute.'),
          { default: {}, description: 'Per-attribute rankings that replace the default for that attribute.' },
        ),
      },
      { ...closed, default: {} },
    ),
    lifecycle: Type.Object(
      {
        observationInterval: duration('1h', 'How often collectors are expected to observe each CI.'),
        missingAfter: Type.Integer({
          minimum: 1,
          maximum: 1000,
          default: 3,
          description: 'Missed observations after which a CI is missing.',
        }),
        retireAfter: duration('30d', 'Time without an observation after which a CI is retired.'),
        sweepInterval: duration('5m', 'How often CI lifecycle states are re-evaluated.'),
      },
      { ...closed, default: {} },
    ),
  },
  { ...closed, default: {} },
);

const ObjectName = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description, examples: ['shop'] });

const IsoTime = Type.Refine(
  Type.String({
    description: 'An ISO-8601 time with a zone, e.g. 2026-03-01T02:00:00Z.',
    examples: ['2026-03-01T02:00:00Z'],
  }),
  (value) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
  () => 'must be an ISO-8601 time with a zone, such as 2026-03-01T02:00:00Z',
);

const TimeZoneName = (fallback?: string) =>
  Type.Refine(
    Type.String({
      ...(fallback ? { default: fallback } : {}),
      description: 'An IANA time zone.',
      examples: ['Europe/Berlin'],
    }),
    (value) => isTimeZone(value),
    () => 'must be an IANA time zone name such as UTC or Europe/Berlin',
  );

const ClockTime = (description: string) =>
  Type.Refine(
    Type.String({ description, examples: ['08:00'] }),
    (value) => minutesOf(value) !== null,
    () => 'must be a local time HH:MM between 00:00 and 24:00',
  );

const Selector = Type.Object(
  {
    class: Type.Optional(Type.Enum(CI_CLASSES)),
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, description: 'CI name wildcard (* and ?).' }),
    ),
    ids: Type.Optional(Type.Array(Type.String({ pattern: '^CI-[0-9]{6,12}$' }), { minItems: 1 })),
    attributes: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,127}$' }),
        Type.String({ maxLength: 512 }),
      ),
    ),
  },
  { ...closed, minProperties: 1, description: 'CIs matching every condition given.' },
);

const Service = Type.Object(
  {
    name: ObjectName('Service name, as reports and metrics show it.'),
    selectors: Type.Array(Selector, {
      minItems: 1,
      maxItems: 100,
      description: 'A CI belongs to the service when any selector matches it.',
    }),
    rollup: Type.Union(
      [
        Type.Literal('any'),
        Type.Literal('all'),
        Type.Object({ quorum: Type.Integer({ minimum: 1, maximum: 100_000 }) }, closed),
      ],
      { default: 'any', description: 'Down when any / all / at least quorum members are down.' },
    ),
    sla: Type.Optional(ObjectName('Name of the sla entry the service is measured against.')),
    maintenance: Type.Array(Type.Object({ start: IsoTime, end: IsoTime }, closed), {
      default: [],
      maxItems: 10_000,
      description: 'Planned maintenance windows, excluded from availability.',
    }),
  },
  closed,
);

const ActionName = (description: string) =>
  matching(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/,
    { description, examples: ['restart-service'] },
    'must be 1 to 128 letters, digits, "-", "_", "." or ":", starting with a letter or digit',
  );

const RunbookParameter = Type.Object(
  {
    name: matching(
      /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
      { description: 'Parameter name, used as {{ name }} in argv.', examples: ['service'] },
      'must be a name of letters, digits and "_" starting with a letter or "_"',
    ),
    pattern: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'Regex (fully anchored) every value must match; default one token of safe characters.',
        examples: ['[a-z0-9@._-]+'],
      }),
    ),
  },
  closed,
);

const Runbook = Type.Object(
  {
    name: ActionName('Name rules use in action.runbook.'),
    argv: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      minItems: 1,
      maxItems: 64,
      description: 'The remote command, one element per argument; {{ parameter }} placeholders.',
    }),
    parameters: Type.Array(RunbookParameter, {
      default: [],
      maxItems: 32,
      description: 'Declared parameters.',
    }),
    timeout: duration('60s', 'The remote command is stopped after this long.'),
  },
  closed,
);

const Script = Type.Object(
  {
    name: ActionName('Name rules use in action.script.'),
    path: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'The program, relative to the config file; run without a shell.',
      examples: ['/usr/local/lib/vigil/clean-tmp'],
    }),
    timeout: duration('60s', 'The program (and its process group) is killed after this long.'),
  },
  closed,
);

const WebhookUrl = Type.Refine(
  Type.String({
    description: 'http:// or https:// URL the JSON body is POSTed to.',
    examples: ['https://hooks.example/vigil'],
  }),
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  () => 'must be an http:// or https:// URL',
);

const Webhook = Type.Object(
  {
    name: ActionName('Name rules use in action.webhook.'),
    url: WebhookUrl,
    headers: Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), Type.String({ maxLength: 4096 }), {
      default: {},
      maxProperties: 16,
      description: 'Extra request headers; put secrets in with an env or file reference.',
    }),
    timeout: duration('10s', 'The request is abandoned after this long.'),
  },
  closed,
);

const Sla = Type.Object(
  {
    name: ObjectName('SLA name.'),
    availability: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: 'Availability target as a ratio: 0.999 is 99.9 %.',
    }),
    period: Type.Enum(['calendar_month', 'rolling_30d'], { default: 'calendar_month' }),
    timeZone: TimeZoneName('UTC'),
    businessHours: Type.Optional(
      Type.Object(
        {
          days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
            minItems: 1,
            maxItems: 7,
            uniqueItems: true,
            default: [1, 2, 3, 4, 5],
            description: 'ISO weekdays, 1 = Monday .. 7 = Sunday.',
          }),
          start: ClockTime('Local start of business hours.'),
          end: ClockTime('Local end of business hours, after start; 24:00 allowed.'),
        },
        closed,
      ),
    ),
    response: Type.Optional(Targets(DEFAULT_RESPONSE_TARGETS, 'Response')),
    resolution: Type.Optional(Targets(DEFAULT_RESOLUTION_TARGETS, 'Resolution')),
  },
  closed,
);

const Automation = Type.Object(
  {
    rules: Type.Array(
      Type.String({
        minLength: 1,
        description: 'An automation rule file or glob relative to the config file.',
      }),
      { default: [], description: 'Automation rule files.' },
    ),
    dryRun: Type.Boolean({ default: false, description: 'When true, every rule renders and records only.' }),
    maxConcurrent: Type.Integer({
      minimum: 1,
      maximum: 64,
      default: 4,
      description: 'Actions running at once at most.',
    }),
    outputBytes: Type.Integer({
      minimum: 1024,
      maximum: 1_048_576,
      default: 65_536,
      description: 'Bytes of stdout and of stderr kept per run.',
    }),
    runbooks: Type.Array(Runbook, { default: [], description: 'SSH commands rules may run.' }),
    scripts: Type.Array(Script, { default: [], description: 'Local programs rules may run.' }),
    webhooks: Type.Array(Webhook, { default: [], description: 'Webhooks rules may call.' }),
  },
  { ...closed, default: {} },
);

const HttpUrl = Type.Refine(
  Type.String({
    description: 'Base URL of the correlator (vigil run or vigil server) the agent ships to.',
    examples: ['https://vigil.example.com:9860'],
  }),
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  () => 'must be an http:// or https:// URL such as https://vigil.example.com:9860',
);

/** `agent`: what `vigil agent` ships where (DESIGN.md "vigil agent"); ignored by `vigil run`. */
const Agent = Type.Object(
  {
    url: Type.Optional(HttpUrl),
    token: Type.Optional(TokenValue),
    listen: Type.Refine(
      Type.String({
        default: '127.0.0.1:9861',
        description: "HOST:PORT of the agent's own /metrics and /healthz.",
        examples: ['127.0.0.1:9861'],
      }),
      (value) => listenProblem(value) === null,
      (value) => listenProblem(value) ?? 'must be HOST:PORT',
    ),
    batchSize: Type.Integer({
      minimum: 1,
      maximum: 5000,
      default: 500,
      description: 'Most events per request.',
    }),
    flushInterval: duration('1s', 'Longest time an event waits before it is shipped.'),
    requestTimeout: duration('10s', 'Timeout of one request to the correlator.'),
    backoff: Type.Object(
      {
        initial: duration('500ms', 'Wait after the first failed delivery; doubles per failure, with jitter.'),
        max: duration('30s', 'Longest wait between deliveries while the correlator is unreachable.'),
      },
      { ...closed, default: {} },
    ),
    spool: Type.Object(
      {
        dir: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'Spool directory, relative to the config file; default <data-dir>/spool.',
            examples: ['/var/lib/vigil-agent/spool'],
          }),
        ),
        maxBytes: Type.Integer({
          minimum: 65_536,
          maximum: 1_099_511_627_776,
          default: 104_857_600,
          description: 'Disk the spool may use; when full the oldest events are dropped (and counted).',
        }),
        segmentBytes: Type.Integer({
          minimum: 4096,
          maximum: 268_435_456,
          default: 4_194_304,
          description: 'Size at which a spool segment file is closed and a new one started.',
        }),
        fsync: Type.Enum(['always', 'never'], {
          default: 'always',
          description: 'always: fsync each spooled batch (survives power loss); never: the OS decides.',
        }),
      },
      { ...closed, default: {} },
    ),
    labels: Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.String({ maxLength: 1024 }), {
      default: {},
      description: 'Labels the agent announces when it registers (registration rules match them).',
    }),
  },
  { ...closed, default: {} },
);

const RegistrationRule = Type.Object(
  {
    name: nonEmpty('Rule name, reported back to the agent and stored on the host CI.'),
    match: Type.Object(
      {
        hostname: Type.Optional(nonEmpty('Host name pattern (* and ?).')),
        labels: Type.Optional(
          Type.Record(Type.String({ minLength: 1 }), Type.String(), {
            description: 'Agent labels that must match (value patterns with * and ?).',
          }),
        ),
        metadata: Type.Optional(
          Type.Record(Type.String({ minLength: 1 }), Type.String(), {
            description: 'Agent metadata (os, arch, platform, agentVersion) that must match.',
          }),
        ),
      },
      { ...closed, default: {} },
    ),
    groups: Type.Array(nonEmpty('An assignment group.'), { default: [], description: 'Groups of the host.' }),
    services: Type.Array(nonEmpty('A service name.'), {
      default: [],
      description: 'Services that depend on the host (service CIs are created when missing).',
    }),
    labels: Type.Record(Type.String({ minLength: 1 }), Type.String(), {
      default: {},
      description: 'Labels set on the host CI.',
    }),
  },
  closed,
);

const sshName = (description: string) =>
  matching(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    { description, examples: ['ops'] },
    'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );
const sshPort = () => Type.Integer({ minimum: 1, maximum: 65535, default: 22, description: 'SSH port.' });

const SshCredential = Type.Object(
  {
    name: sshName('Name targets and jump hosts refer to.'),
    user: nonEmpty('Login name on the targets; prefer a non-root account.'),
    privateKey: Type.Optional(
      Type.String({
        minLength: 1,
        description: `Private key contents (ed25519, RSA, ECDSA); use \${file:/path/to/key}.`,
      }),
    ),
    passphrase: Type.Optional(Type.String({ description: `Passphrase of privateKey; use \${env:NAME}.` })),
    password: Type.Optional(Type.String({ description: `Password; use \${env:NAME} or \${file:path}.` })),
    agent: Type.Optional(
      Type.String({ minLength: 1, description: `ssh-agent socket path, e.g. \${env:SSH_AUTH_SOCK}.` }),
    ),
  },
  closed,
);

const SshJumpHost = Type.Object(
  {
    name: sshName('Name targets refer to with `jump`.'),
    host: nonEmpty('Address of the bastion.'),
    port: sshPort(),
    credential: sshName('Credential used to log in to the bastion.'),
  },
  closed,
);

const SshCheck = Type.Object(
  {
    name: sshName('Check name: the `check` label of ssh.check.* samples and part of the rule name.'),
    command: Type.Array(Type.String({ maxLength: 4096 }), {
      minItems: 1,
      maxItems: 64,
      description: 'argv run on the target; each element is quoted, never parsed by a shell.',
    }),
    above: Type.Optional(Type.Number({ description: 'Fires when the printed number is above this.' })),
    below: Type.Optional(Type.Number({ description: 'Fires when the printed number is below this.' })),
    recover: Type.Optional(
      Type.Number({ description: 'Hysteresis: value that resolves it (default the threshold).' }),
    ),
    for: duration('0s', 'How long the threshold must be passed before the event.', false),
    severity: Type.Enum(['critical', 'major', 'minor', 'warning', 'info'], {
      default: 'warning',
      description: 'Severity of the event.',
    }),
    category: Type.Enum(
      ['hardware', 'software', 'network', 'security', 'capacity', 'availability', 'other'],
      {
        default: 'other',
        description: 'ITIL category of the event.',
      },
    ),
    summary: Type.Optional(Type.String({ maxLength: 1024, description: 'Event summary template.' })),
    timeout: duration('30s', 'Time limit of the command; the remote process is killed after it.'),
  },
  closed,
);

const SshTarget = Type.Object(
  {
    host: nonEmpty('Address or DNS name of the target.'),
    port: sshPort(),
    credential: sshName('Credential to log in with.'),
    name: Type.Optional(nonEmpty('Resource name of its events; default the host name it reports.')),
    interval: Type.Optional(duration('60s', 'Health check period of this target; default ssh.interval.')),
    jump: Type.Optional(sshName('Jump host (ssh.jumpHosts name) to tunnel through.')),
    checks: Type.Optional(
      Type.Array(sshName('An ssh.checks name.'), { description: 'Custom checks to run; default all.' }),
    ),
  },
  closed,
);

const Ssh = Type.Object(
  {
    knownHosts: Type.String({
      minLength: 1,
      description:
        "known_hosts file pinning the targets' host keys (plain or hashed), relative to the config file.",
      examples: ['/etc/vigil/known_hosts'],
    }),
    tofu: Type.Boolean({
      default: false,
      description:
        'Trust a host key on first use and append it to knownHosts; a changed key is always refused.',
    }),
    concurrency: Type.Integer({
      minimum: 1,
      maximum: 500,
      default: 20,
      description: 'Targets checked at once.',
    }),
    maxSessions: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 8,
      description:
        "Parallel commands per connection; keep at or below the servers' MaxSessions (OpenSSH: 10).",
    }),
    connectTimeout: duration('10s', 'Time limit of connect, handshake and login.'),
    commandTimeout: duration(
      '30s',
      'Time limit of the health script; the remote process is killed after it.',
    ),
    keepalive: duration('15s', 'Keepalive period of idle connections; 0s disables.', false),
    interval: duration('60s', 'Health check period of each target.'),
    inventoryInterval: duration('1h', 'Period of the SSH inventory that updates the CMDB.'),
    downAfterFailures: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 3,
      description:
        "Consecutive failed health checks after which a target's CI counts as down (its outage starts at the first of them).",
    }),
    credentials: Type.Array(SshCredential, { default: [], description: 'Logins targets refer to.' }),
    jumpHosts: Type.Array(SshJumpHost, { default: [], description: 'Bastions targets tunnel through.' }),
    checks: Type.Array(SshCheck, { default: [], description: 'Custom commands with thresholds.' }),
    targets: Type.Array(SshTarget, { default: [], description: 'Hosts monitored over SSH.' }),
  },
  closed,
);

/** The schema of a whole config file. */
export const ConfigSchema = Type.Object(
  {
    server: Server,
    store: Type.Union([SqliteStore, RedisStore], { default: { kind: 'sqlite' } }),
    host: Host,
    rules: Type.Array(RuleSource, { default: ['builtin:host'] }),
    incidents: Incidents,
    cmdb: Cmdb,
    services: Type.Array(Service, { default: [], maxItems: 10_000 }),
    sla: Type.Array(Sla, { default: [], maxItems: 1000 }),
    automation: Automation,
    snmp: Type.Optional(SnmpSchema),
    agent: Agent,
    registration: Type.Array(RegistrationRule, {
      default: [],
      description: 'Agent auto-registration rules: every matching rule places the host.',
    }),
    ssh: Type.Optional(Ssh),
    suppression: Suppression,
    notify: Notify,
  },
  closed,
);

/** A config as written, after defaults are filled in and before anything is converted. */
export type RawConfig = Static<typeof ConfigSchema>;
