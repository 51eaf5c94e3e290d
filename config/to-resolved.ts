import { join, resolve } from 'node:path';
import { PRIORITIES, type Priority } from '../correlator/model/itil.js';
import { parseDuration } from './duration.js';
import { parseListen } from './listen.js';
import { DEFAULT_ASSIGNMENT_GROUP, type RawConfig } from './schema.js';
import type { SecretOrigin } from './secrets.js';
import { toSuppressionConfig } from './suppression-config.js';
import type { PriorityRow, ResolvedConfig, RuleSource } from './types.js';

/** What the conversion needs besides the config: where relative paths start, and provenance. */
export interface ResolveContext {
  /** Absolute config file path, or `null` when running on defaults. */
  readonly file: string | null;
  /** Directory that relative paths in the config are relative to. */
  readonly baseDir: string;
  /** Absolute data directory; the SQLite file defaults to `<dataDir>/vigil.db`. */
  readonly dataDir: string;
  readonly secrets: readonly SecretOrigin[];
}

/**
 * Converts a validated, defaults-filled, secret-resolved config into the shape vigil runs on:
 * durations in milliseconds, the listen address parsed and paths made absolute, so no consumer
 * parses config strings again. Only call it on a value that passed validation.
 */
export function toResolvedConfig(raw: RawConfig, context: ResolveContext): ResolvedConfig {
  const { server, store, host, incidents } = raw;
  return {
    server: { ...server, listen: parseListen(server.listen) },
    store:
      store.kind === 'redis'
        ? {
            kind: 'redis',
            url: store.url,
            keyPrefix: store.keyPrefix,
            eventRetentionMs: parseDuration(store.eventRetention),
          }
        : {
            kind: 'sqlite',
            path: sqlitePath(store.path, context),
            synchronous: store.synchronous,
            eventRetentionMs: parseDuration(store.eventRetention),
          },
    host: {
      enabled: host.enabled,
      intervalMs: parseDuration(host.interval),
      slowIntervalMs: parseDuration(host.slowInterval),
      inventoryIntervalMs: parseDuration(host.inventoryInterval),
      name: host.name ?? null,
      filesystems: host.filesystems,
      interfaces: host.interfaces,
    },
    rules: raw.rules.map((spec) => ruleSource(spec, context.baseDir)),
    incidents: {
      reopenWindowMs: parseDuration(incidents.reopenWindow),
      holdDownMs: parseDuration(incidents.holdDown),
      minSeverity: incidents.minSeverity,
      urgencyBySeverity: incidents.urgencyBySeverity,
      impactThresholds: incidents.impactThresholds,
      priorityMatrix: {
        global: incidents.priorityMatrix.global as unknown as PriorityRow,
        department: incidents.priorityMatrix.department as unknown as PriorityRow,
        local: incidents.priorityMatrix.local as unknown as PriorityRow,
      },
      assignment: incidents.assignment,
      defaultGroup: DEFAULT_ASSIGNMENT_GROUP,
      escalation: {
        responseMs: targetsMs(incidents.escalation.response),
        resolutionMs: targetsMs(incidents.escalation.resolution),
        levels: incidents.escalation.levels,
      },
      problems: {
        recurrenceCount: incidents.problems.recurrence.count,
        recurrenceWindowMs: parseDuration(incidents.problems.recurrence.window),
      },
    },
    suppression: toSuppressionConfig(raw.suppression),
    source: { file: context.file, baseDir: context.baseDir, secrets: context.secrets },
  };
}

function targetsMs(targets: Record<Priority, string>): Record<Priority, number> {
  return Object.fromEntries(PRIORITIES.map((p) => [p, parseDuration(targets[p])])) as Record<
    Priority,
    number
  >;
}

function sqlitePath(path: string | undefined, context: ResolveContext): string {
  if (path === undefined) return join(context.dataDir, 'vigil.db');
  return path === ':memory:' ? path : resolve(context.baseDir, path);
}

function ruleSource(spec: string, baseDir: string): RuleSource {
  if (spec.startsWith('builtin:')) return { kind: 'builtin', name: spec.slice('builtin:'.length), spec };
  return { kind: 'file', pattern: resolve(baseDir, spec), spec };
}
