import Type, { type Static } from 'typebox';
import {
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTS,
} from '../collector/host/probe-options.js';
import { PRIORITIES, URGENCIES } from '../correlator/model/itil.js';
import { parseDuration } from './duration.js';
import { listenProblem } from './listen.js';
import { Suppression } from './suppression-schema.js';

/**
 * The one schema of vigil's YAML configuration (DESIGN.md "Configuration"). Every object is
 * closed (`additionalProperties: false`) so typos are errors, and every optional key carries its
 * default here, so this file is the single source of truth that README.md and the examples follow
 * (the host probe's filter lists come from the probe itself, so the two cannot drift apart).
 * Values holding `${env:...}`/`${file:...}` references are validated by the loader once resolved.
 */

/** Top-level sections of DESIGN.md that this version does not implement; a config using one is rejected. */
export const UNSUPPORTED_SECTIONS = ['snmp', 'ssh', 'services', 'sla', 'automation', 'notify'] as const;

/** Rule sources built into vigil, usable as `builtin:<name>` in `rules`. */
export const BUILTIN_RULE_SETS = ['host'] as const;

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

/** The schema of a whole config file. */
export const ConfigSchema = Type.Object(
  {
    server: Server,
    store: Type.Union([SqliteStore, RedisStore], { default: { kind: 'sqlite' } }),
    host: Host,
    rules: Type.Array(RuleSource, { default: ['builtin:host'] }),
    incidents: Incidents,
    suppression: Suppression,
  },
  closed,
);

/** A config as written, after defaults are filled in and before anything is converted. */
export type RawConfig = Static<typeof ConfigSchema>;
