import type { Impact, Priority, Urgency } from '../correlator/model/itil.js';
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

/** `store` with `kind: sqlite`: the embedded store. `path` is absolute, or `:memory:`. */
export interface SqliteStoreConfig {
  readonly kind: 'sqlite';
  readonly path: string;
  readonly synchronous: 'full' | 'normal';
  readonly eventRetentionMs: number;
}

/** `store` with `kind: redis`: the shared store of several `vigil server` replicas. */
export interface RedisStoreConfig {
  readonly kind: 'redis';
  /** May carry a password: redact before printing. */
  readonly url: string;
  readonly keyPrefix: string;
  readonly eventRetentionMs: number;
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
  readonly suppression: SuppressionConfig;
  readonly source: ConfigSource;
}

/** The name DESIGN-level code uses for the configuration vigil runs on; the same as `ResolvedConfig`. */
export type VigilConfig = ResolvedConfig;
