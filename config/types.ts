import type { DiscoverySchedule } from '../collector/discovery/discovery-schedule.js';
import type { SnmpCredential } from '../collector/snmp/credential.js';
import type { RegistrationRule } from '../correlator/agents/registration.js';
import type { Impact, Priority, Urgency } from '../correlator/model/itil.js';
import type { NotifyConfig } from '../correlator/notify/setup.js';
import type { ServiceDefinition } from '../correlator/sla/service-definition.js';
import type { ListenAddress } from './listen.js';
import type { INCIDENT_SEVERITIES, LOG_LEVELS, TOKEN_ROLES } from './schema.js';
import type { SecretOrigin } from './secrets.js';
import type { SuppressionConfig } from './suppression-config.js';

/** A bearer token's role (DESIGN.md "Auth"). */
export type TokenRole = (typeof TOKEN_ROLES)[number];
/** A pino log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];
/** A severity that can open an incident. */
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** A bearer token the API accepts; `token` holds the resolved secret, so never log this object. */
export interface ApiToken {
  readonly name: string;
  readonly role: TokenRole;
  readonly token: string;
}

/** `server`: the HTTP API and /metrics. */
export interface ServerConfig {
  readonly listen: ListenAddress;
  readonly tokens: readonly ApiToken[];
  readonly metricsAuth: boolean;
  readonly limits: { readonly bodyBytes: number; readonly batchEvents: number };
  readonly logLevel: LogLevel;
}

/** `agent`: where `vigil agent` ships, its spool and retry policy. Durations in ms, paths absolute. */
export interface AgentConfig {
  /** The correlator's base URL; required by `vigil agent`, unused by other commands. */
  readonly url: string | null;
  /** Secret: the agent's bearer token. */
  readonly token: string | null;
  readonly listen: ListenAddress;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly spool: {
    readonly dir: string;
    readonly maxBytes: number;
    readonly segmentBytes: number;
    readonly fsync: 'always' | 'never';
  };
  readonly labels: Readonly<Record<string, string>>;
}

/** `store` with `kind: sqlite`: the embedded store. `path` is absolute, or `:memory:`. */
export interface SqliteStoreConfig {
  readonly kind: 'sqlite';
  readonly path: string;
  readonly synchronous: 'full' | 'normal';
  readonly eventRetentionMs: number;
  /** How many parsed alerts and incidents the pipeline's read cache keeps. */
  readonly cache: { readonly alerts: number; readonly incidents: number };
}

/** `store` with `kind: redis`: the shared store of several `vigil server` replicas. */
export interface RedisStoreConfig {
  readonly kind: 'redis';
  /** May carry a password: redact before printing. */
  readonly url: string;
  readonly keyPrefix: string;
  readonly eventRetentionMs: number;
  /** How long processed event ids are kept for idempotency, ms. */
  readonly idempotencyWindowMs: number;
  /** The ingest stream of `vigil server`. */
  readonly stream: { readonly maxLength: number; readonly batch: number; readonly claimIdleMs: number };
  /** The timer lease of `vigil server`. */
  readonly lease: { readonly ttlMs: number; readonly renewEveryMs: number };
}

/** `host`: the probe of the machine vigil runs on. Intervals in milliseconds. */
export interface HostConfig {
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly slowIntervalMs: number;
  readonly inventoryIntervalMs: number;
  /** CI name override; `null` means the OS host name. */
  readonly name: string | null;
  /** Mount-point wildcards to include and exclude, and filesystem types (exact) to exclude. */
  readonly filesystems: {
    readonly include: readonly string[];
    readonly exclude: readonly string[];
    readonly excludeTypes: readonly string[];
  };
  /** Interface-name wildcards to include and exclude; loopback is never monitored. */
  readonly interfaces: { readonly include: readonly string[]; readonly exclude: readonly string[] };
}

/** One entry of `rules`: a built-in rule set, or an absolute file path or glob. */
export type RuleSource =
  | { readonly kind: 'builtin'; readonly name: string; readonly spec: string }
  | { readonly kind: 'file'; readonly pattern: string; readonly spec: string };

/** One `incidents.assignment` entry. */
export interface AssignmentRule {
  readonly matchers: readonly string[];
  readonly group: string;
}

/** A row of the priority matrix: priorities for urgency urgent, high, medium, low. */
export type PriorityRow = readonly [Priority, Priority, Priority, Priority];

/** `incidents.escalation`: targets per priority in milliseconds, and the escalation levels. */
export interface EscalationConfig {
  readonly responseMs: Readonly<Record<Priority, number>>;
  readonly resolutionMs: Readonly<Record<Priority, number>>;
  readonly levels: readonly { readonly group?: string }[];
}

/** `incidents`: how alerts become incidents. Durations in milliseconds. */
export interface IncidentsConfig {
  readonly reopenWindowMs: number;
  readonly holdDownMs: number;
  readonly minSeverity: IncidentSeverity;
  readonly urgencyBySeverity: Readonly<Record<IncidentSeverity, Urgency>>;
  readonly impactThresholds: { readonly global: number; readonly department: number };
  readonly priorityMatrix: Readonly<Record<Impact, PriorityRow>>;
  readonly assignment: readonly AssignmentRule[];
  /** Group of incidents no assignment rule matches (`service-desk`). */
  readonly defaultGroup: string;
  readonly escalation: EscalationConfig;
  /** `incidents.problems`: recurring incidents open a problem. */
  readonly problems: { readonly recurrenceCount: number; readonly recurrenceWindowMs: number };
}

/** `cmdb`: source precedence and lifecycle of discovered CIs. Durations in milliseconds. */
export interface CmdbConfig {
  readonly precedence: {
    readonly default: readonly string[];
    readonly attributes: Readonly<Record<string, readonly string[]>>;
  };
  readonly lifecycle: {
    readonly observationIntervalMs: number;
    readonly missingAfter: number;
    readonly retireAfterMs: number;
    readonly sweepIntervalMs: number;
  };
}

/** `automation`: remediation rules and the allow-list of what they may run. Durations in ms, paths absolute. */
export interface AutomationConfig {
  /** Absolute rule file paths or patterns. */
  readonly rules: readonly string[];
  readonly dryRun: boolean;
  readonly maxConcurrent: number;
  readonly outputBytes: number;
  readonly runbooks: readonly {
    readonly name: string;
    readonly argv: readonly string[];
    readonly parameters: readonly { readonly name: string; readonly pattern?: string }[];
    readonly timeoutMs: number;
  }[];
  readonly scripts: readonly { readonly name: string; readonly path: string; readonly timeoutMs: number }[];
  /** `headers` may hold secrets: never log them. */
  readonly webhooks: readonly {
    readonly name: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
  }[];
}

/** Where the config came from: needed to redact secrets and to explain paths. */
export interface ConfigSource {
  /** Absolute path of the config file; `null` when running on defaults. */
  readonly file: string | null;
  /** Directory relative paths in the config were resolved against. */
  readonly baseDir: string;
  /** Every value that came from a secret reference. */
  readonly secrets: readonly SecretOrigin[];
}

/**
 * The configuration as the rest of vigil uses it: validated, defaults filled, durations in
 * milliseconds, listen address parsed, paths absolute, secrets resolved, deeply frozen.
 */
export interface ResolvedConfig {
  readonly server: ServerConfig;
  readonly store: SqliteStoreConfig | RedisStoreConfig;
  readonly host: HostConfig;
  readonly rules: readonly RuleSource[];
  readonly incidents: IncidentsConfig;
  readonly cmdb: CmdbConfig;
  /** `services` with their `sla` entries resolved into them. */
  readonly services: readonly ServiceDefinition[];
  readonly automation: AutomationConfig;
  /** Present only when the config has an `snmp` section. */
  readonly snmp?: SnmpConfig;
  readonly agent: AgentConfig;
  readonly registration: readonly RegistrationRule[];
  /** `ssh`, only when the config file has that section. */
  readonly ssh?: SshConfig;
  readonly suppression: SuppressionConfig;
  /** Notifications out (receivers, routes, delivery); no receivers means none are sent. */
  readonly notify: NotifyConfig;
  readonly source: ConfigSource;
}

/** One `snmp.targets[]` entry with durations in ms. */
export interface SnmpTargetConfig {
  readonly host: string;
  readonly port: number;
  readonly credential: string;
  readonly intervalMs: number;
  readonly name: string | null;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxRepetitions: number;
  readonly hostResources: boolean;
  readonly sensors: boolean;
}

/** The `snmp` section, validated (credential references exist, keys long enough). */
export interface SnmpConfig {
  readonly credentials: readonly SnmpCredential[];
  readonly targets: readonly SnmpTargetConfig[];
  readonly traps: {
    readonly listen: { host: string; port: number };
    readonly credentials: readonly string[];
    readonly engineID: string | null;
  } | null;
  readonly concurrency: number;
  readonly inventoryIntervalMs: number;
  /** Consecutive failed polls that make a device's CI down. */
  readonly downAfterFailures: number;
  /** `snmp.discovery[]`: sweeps `vigil run` runs on a schedule. */
  readonly discovery: readonly SnmpDiscoveryConfig[];
}

/** One `snmp.discovery[]` entry: what to sweep, with which credential sets, when. */
export interface SnmpDiscoveryConfig {
  /** `name`, or `discovery-<position>`; the `job` label of the discovery metrics. */
  readonly name: string;
  /** The range specs as written (CIDRs, addresses, host names, HOST:PORT). */
  readonly range: readonly string[];
  readonly credentials: readonly string[];
  readonly schedule: DiscoverySchedule;
  readonly crawl: boolean;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxRepetitions: number;
}

/** The name DESIGN-level code uses for the configuration vigil runs on; the same as `ResolvedConfig`. */
export type VigilConfig = ResolvedConfig;

/** `ssh.credentials[]`: holds resolved secrets, so never log it. */
export interface SshCredentialConfig {
  readonly name: string;
  readonly user: string;
  readonly privateKey?: string;
  /** The file `privateKey` was read from (`\${file:...}`), for error messages; absent otherwise. */
  readonly privateKeySource?: string;
  readonly passphrase?: string;
  readonly password?: string;
  readonly agent?: string;
}

/** `ssh.checks[]`: a custom command with a threshold. Durations in ms. */
export interface SshCheckConfig {
  readonly name: string;
  readonly command: readonly string[];
  readonly above?: number;
  readonly below?: number;
  readonly recover?: number;
  readonly forMs: number;
  readonly severity: 'critical' | 'major' | 'minor' | 'warning' | 'info';
  readonly category: 'hardware' | 'software' | 'network' | 'security' | 'capacity' | 'availability' | 'other';
  readonly summary?: string;
  readonly timeoutMs: number;
}

/** `ssh.targets[]`. */
export interface SshTargetConfig {
  readonly host: string;
  readonly port: number;
  readonly credential: string;
  readonly name?: string;
  readonly intervalMs?: number;
  readonly jump?: string;
  readonly checks?: readonly string[];
}

/** `ssh`: agentless monitoring. Durations in ms, `knownHosts` absolute. */
export interface SshConfig {
  readonly knownHosts: string;
  readonly tofu: boolean;
  readonly concurrency: number;
  readonly maxSessions: number;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly keepaliveMs: number;
  readonly intervalMs: number;
  readonly inventoryIntervalMs: number;
  /** Consecutive failed health checks that make a target's CI down. */
  readonly downAfterFailures: number;
  readonly credentials: readonly SshCredentialConfig[];
  readonly jumpHosts: readonly { name: string; host: string; port: number; credential: string }[];
  readonly checks: readonly SshCheckConfig[];
  readonly targets: readonly SshTargetConfig[];
}
