import Type, { type Static } from 'typebox';
import {
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTS,
} from '../collector/host/probe-options.js';
import { PRIORITIES, URGENCIES } from '../correlator/model/itil.js';
import { parseDuration } from './duration.js';
import { listenProblem } from './listen.js';

/**
 * The one schema of vigil's YAML configuration (DESIGN.md "Configuration"). Every object is
 * closed (`additionalProperties: false`) so typos are errors, and every optional key carries its
 * default here, so this file is the single source of truth that README.md and the examples follow
 * (the host probe's filter lists come from the probe itself, so the two cannot drift apart).
 * Values holding `${env:...}`/`${file:...}` references are validated by the loader once resolved.
 */

/** Top-level sections of DESIGN.md that this version does not implement; a config using one is rejected. */
export const UNSUPPORTED_SECTIONS = ['snmp', 'services', 'sla', 'automation', 'notify'] as const;

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
    ssh: Type.Optional(Ssh),
  },
  closed,
);

/** A config as written, after defaults are filled in and before anything is converted. */
export type RawConfig = Static<typeof ConfigSchema>;
