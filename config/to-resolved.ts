import { join, resolve } from 'node:path';
import { PRIORITIES, type Priority } from '../correlator/model/itil.js';
import type { PeriodKind } from '../correlator/sla/period.js';
import type { CiSelector } from '../correlator/sla/selector.js';
import type { ServiceDefinition, SlaDefinition } from '../correlator/sla/service-definition.js';
import { parseDuration } from './duration.js';
import { parseListen } from './listen.js';
import { toNotifyConfig } from './notify-config.js';
import { DEFAULT_ASSIGNMENT_GROUP, type RawConfig } from './schema.js';
import type { SecretOrigin } from './secrets.js';
import { discoverySchedule, rangeSpecs, toCredential } from './snmp-checks.js';
import { toSuppressionConfig } from './suppression-config.js';
import type { PriorityRow, ResolvedConfig, RuleSource, SnmpConfig, SshConfig } from './types.js';

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
            idempotencyWindowMs: parseDuration(store.idempotencyWindow),
            stream: {
              maxLength: store.stream.maxLength,
              batch: store.stream.batch,
              claimIdleMs: parseDuration(store.stream.claimIdle),
            },
            lease: {
              ttlMs: parseDuration(store.lease.ttl),
              renewEveryMs: parseDuration(store.lease.renewEvery),
            },
          }
        : {
            kind: 'sqlite',
            path: sqlitePath(store.path, context),
            synchronous: store.synchronous,
            eventRetentionMs: parseDuration(store.eventRetention),
            cache: { alerts: store.cache.alerts, incidents: store.cache.incidents },
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
    agent: {
      url: raw.agent.url ?? null,
      token: raw.agent.token ?? null,
      listen: parseListen(raw.agent.listen),
      batchSize: raw.agent.batchSize,
      flushIntervalMs: parseDuration(raw.agent.flushInterval),
      requestTimeoutMs: parseDuration(raw.agent.requestTimeout),
      backoff: {
        initialMs: parseDuration(raw.agent.backoff.initial),
        maxMs: parseDuration(raw.agent.backoff.max),
      },
      spool: {
        dir:
          raw.agent.spool.dir === undefined
            ? join(context.dataDir, 'spool')
            : resolve(context.baseDir, raw.agent.spool.dir),
        maxBytes: raw.agent.spool.maxBytes,
        segmentBytes: raw.agent.spool.segmentBytes,
        fsync: raw.agent.spool.fsync,
      },
      labels: raw.agent.labels,
    },
    registration: raw.registration.map((rule) => ({
      name: rule.name,
      match: rule.match,
      groups: rule.groups,
      services: rule.services,
      labels: rule.labels,
    })),
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
    cmdb: {
      precedence: raw.cmdb.precedence,
      lifecycle: {
        observationIntervalMs: parseDuration(raw.cmdb.lifecycle.observationInterval),
        missingAfter: raw.cmdb.lifecycle.missingAfter,
        retireAfterMs: parseDuration(raw.cmdb.lifecycle.retireAfter),
        sweepIntervalMs: parseDuration(raw.cmdb.lifecycle.sweepInterval),
      },
    },
    services: resolveServices(
      raw,
      targetsMs(incidents.escalation.response),
      targetsMs(incidents.escalation.resolution),
    ),
    automation: {
      rules: raw.automation.rules.map((spec) => resolve(context.baseDir, spec)),
      dryRun: raw.automation.dryRun,
      maxConcurrent: raw.automation.maxConcurrent,
      outputBytes: raw.automation.outputBytes,
      runbooks: raw.automation.runbooks.map(({ timeout, ...runbook }) => ({
        ...runbook,
        timeoutMs: parseDuration(timeout),
      })),
      scripts: raw.automation.scripts.map(({ timeout, path, name }) => ({
        name,
        path: resolve(context.baseDir, path),
        timeoutMs: parseDuration(timeout),
      })),
      webhooks: raw.automation.webhooks.map(({ timeout, ...webhook }) => ({
        ...webhook,
        timeoutMs: parseDuration(timeout),
      })),
    },
    ...(raw.snmp ? { snmp: snmpConfig(raw.snmp) } : {}),
    ...(raw.ssh ? { ssh: resolveSsh(raw.ssh, context.baseDir, context.secrets) } : {}),
    suppression: toSuppressionConfig(raw.suppression),
    notify: toNotifyConfig(raw.notify),
    source: { file: context.file, baseDir: context.baseDir, secrets: context.secrets },
  };
}

/** Services with their SLA looked up by name; SLA targets default to incidents.escalation's. */
function resolveServices(
  raw: RawConfig,
  responseMs: Record<Priority, number>,
  resolutionMs: Record<Priority, number>,
): ServiceDefinition[] {
  const slas = new Map(
    raw.sla.map((s): [string, SlaDefinition] => [
      s.name,
      {
        name: s.name,
        availability: s.availability,
        period: s.period as PeriodKind,
        timeZone: s.timeZone,
        businessHours: s.businessHours
          ? {
              timeZone: s.timeZone,
              days: s.businessHours.days,
              start: s.businessHours.start,
              end: s.businessHours.end,
            }
          : null,
        targets: {
          responseMs: s.response ? targetsMs(s.response) : responseMs,
          resolutionMs: s.resolution ? targetsMs(s.resolution) : resolutionMs,
        },
      },
    ]),
  );
  return raw.services.map((s) => ({
    name: s.name,
    selectors: s.selectors as CiSelector[],
    rollup:
      s.rollup === 'any' || s.rollup === 'all'
        ? { kind: s.rollup }
        : { kind: 'quorum', down: s.rollup.quorum },
    sla: s.sla ? (slas.get(s.sla) ?? null) : null,
    maintenance: s.maintenance.map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) })),
  }));
}

function snmpConfig(snmp: NonNullable<RawConfig['snmp']>): SnmpConfig {
  return {
    credentials: snmp.credentials.map((c) => toCredential(c)),
    targets: snmp.targets.map((t) => ({
      host: t.host,
      port: t.port,
      credential: t.credential,
      intervalMs: parseDuration(t.interval),
      name: t.name ?? null,
      timeoutMs: parseDuration(t.timeout),
      retries: t.retries,
      maxRepetitions: t.maxRepetitions,
      hostResources: t.hostResources,
      sensors: t.sensors,
    })),
    traps: snmp.traps
      ? {
          listen: parseListen(snmp.traps.listen),
          credentials: snmp.traps.credentials,
          engineID: snmp.traps.engineID?.replace(/^0x/, '') ?? null,
        }
      : null,
    concurrency: snmp.concurrency,
    inventoryIntervalMs: parseDuration(snmp.inventoryInterval),
    downAfterFailures: snmp.downAfterFailures,
    discovery: snmp.discovery.map((d, i) => ({
      name: d.name ?? `discovery-${i + 1}`,
      range: rangeSpecs(d.range),
      credentials: d.credentials,
      schedule: discoverySchedule(d),
      crawl: d.crawl,
      concurrency: d.concurrency,
      timeoutMs: parseDuration(d.timeout),
      retries: d.retries,
      maxRepetitions: d.maxRepetitions,
    })),
  };
}

function resolveSsh(
  ssh: NonNullable<RawConfig['ssh']>,
  baseDir: string,
  secrets: readonly SecretOrigin[],
): SshConfig {
  return {
    knownHosts: resolve(baseDir, ssh.knownHosts),
    tofu: ssh.tofu,
    concurrency: ssh.concurrency,
    maxSessions: ssh.maxSessions,
    connectTimeoutMs: parseDuration(ssh.connectTimeout),
    commandTimeoutMs: parseDuration(ssh.commandTimeout),
    keepaliveMs: parseDuration(ssh.keepalive),
    intervalMs: parseDuration(ssh.interval),
    inventoryIntervalMs: parseDuration(ssh.inventoryInterval),
    downAfterFailures: ssh.downAfterFailures,
    credentials: ssh.credentials.map((credential, index) => {
      const source = keyFileOf(secrets, index, baseDir);
      return source ? { ...credential, privateKeySource: source } : credential;
    }),
    jumpHosts: ssh.jumpHosts,
    checks: ssh.checks.map(({ for: forText, timeout, ...check }) => ({
      ...check,
      forMs: parseDuration(forText),
      timeoutMs: parseDuration(timeout),
    })),
    targets: ssh.targets.map(({ interval, ...target }) => ({
      ...target,
      ...(interval !== undefined ? { intervalMs: parseDuration(interval) } : {}),
    })),
  };
}

/** The file `ssh.credentials[index].privateKey` was read from, when it is one `${file:...}` reference. */
function keyFileOf(secrets: readonly SecretOrigin[], index: number, baseDir: string): string | undefined {
  const origin = secrets.find((o) => o.key === `ssh.credentials[${index}].privateKey`);
  const file = origin && /^\$\{file:([^}]+)\}$/.exec(origin.template);
  return file ? resolve(baseDir, file[1]!) : undefined;
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
