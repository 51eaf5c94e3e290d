import { Registry } from 'prom-client';
import { expect } from 'vitest';
import type { InhibitRuleConfig } from '../../config/suppression-config.js';
import { ManualClock } from '../../correlator/clock/clock.js';
import { Cmdb } from '../../correlator/cmdb/cmdb.js';
import { RuleBook } from '../../correlator/correlation/rule-book.js';
import { RuleReloader } from '../../correlator/correlation/rule-reloader.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../correlator/incidents/policy.js';
import { createCorrelationMetrics } from '../../correlator/metrics/correlation-metrics.js';
import { createVigilMetrics } from '../../correlator/metrics/vigil-metrics.js';
import type { NativeEvent } from '../../correlator/model/event.js';
import type { IncidentRecord } from '../../correlator/model/records.js';
import type { EventReceipt } from '../../correlator/pipeline/batch.js';
import { Pipeline } from '../../correlator/pipeline/pipeline.js';
import type { Store } from '../../correlator/store/contract.js';
import type { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';
import { buildSuppression } from '../../correlator/suppression/build.js';
import type { MaintenanceWindowRecord } from '../../correlator/suppression/maintenance/window.js';
import type { TopologyOptions } from '../../correlator/suppression/topology.js';
import { combineRuleFiles } from '../../rules/load.js';
import { parseRuleText } from '../../rules/parse-rule-text.js';
import { T0 } from './records.js';

/** Compiles the correlation rules of rule-file texts (each a file named `rules/<index>.yaml`). */
export function correlationRulesOf(...texts: string[]) {
  return combineRuleFiles(texts.map((text, i) => parseRuleText(text, `rules/${i}.yaml`))).correlation;
}

const open: Array<{ close(): Promise<void> }> = [];

/** Closes the stores of every scenario created so far; call it from `afterEach`. */
export async function closeScenarios(): Promise<void> {
  for (const store of open.splice(0)) await store.close();
}

/**
 * A time-scripted acceptance scenario in the style of Alertmanager's: a pipeline over an in-memory
 * store with a manual clock starting at T0; events are pushed at given times and incidents checked
 * at given times. `wrapStore` lets a test put a fault-injecting store in front. Nothing sleeps.
 */
export function scenario(
  options: {
    policy?: Partial<IncidentPolicy>;
    wrapStore?: (store: SqliteStore) => Store;
    maintenance?: MaintenanceWindowRecord[];
    inhibit?: InhibitRuleConfig[];
    topology?: TopologyOptions;
    /** Rule file texts whose correlation rules are in effect; `writeRules` + `reload` change them. */
    rules?: string[];
    /** Another store with the same contracts (the Redis store); default a fresh in-memory SQLite. */
    store?: SqliteStore | RedisStore;
  } = {},
) {
  const clock = new ManualClock(T0);
  const store = options.store ?? new SqliteStore({ path: ':memory:' });
  const registry = new Registry();
  const metrics = createVigilMetrics(registry);
  const policy = { ...DEFAULT_INCIDENT_POLICY, ...options.policy };
  const suppression = buildSuppression({
    store,
    clock,
    registry,
    maintenance: options.maintenance ?? [],
    inhibit: options.inhibit ?? [],
    topology: options.topology ?? null,
  });
  let ruleTexts = options.rules ?? [];
  const book = new RuleBook(correlationRulesOf(...ruleTexts), T0);
  const correlationMetrics = createCorrelationMetrics(registry);
  const reloader = new RuleReloader({
    book,
    load: async () => correlationRulesOf(...ruleTexts),
    metrics: correlationMetrics,
    clock,
  });
  const pipeline = new Pipeline({
    store: (store instanceof SqliteStore && options.wrapStore?.(store)) || store,
    clock,
    policy,
    metrics,
    suppression,
    rules: book,
    correlationMetrics,
  });
  const cmdb = new Cmdb(store, metrics);
  open.push(store);

  return {
    clock,
    store,
    registry,
    pipeline,
    cmdb,
    suppression,
    /** The stored alert a receipt names (fails the test if there is none). */
    async alert(receipt: EventReceipt | undefined) {
      const found = receipt ? await store.getAlert(receipt.fingerprint) : null;
      expect(found).not.toBeNull();
      return found!;
    },
    rules: book,
    /** Replaces the rule file texts a later `reload` reads (the rules in effect do not change yet). */
    writeRules(...texts: string[]) {
      ruleTexts = texts;
    },
    /** Reloads the rules as SIGHUP does; rejects (keeping the old rules) when a text is invalid. */
    reload() {
      return reloader.reload();
    },
    /** Moves the clock to `T0 + offset`. */
    at(offset: number) {
      clock.set(T0 + offset);
    },
    /** Moves the clock to `T0 + offset` and runs the timers. */
    async tickAt(offset: number): Promise<void> {
      clock.set(T0 + offset);
      await pipeline.tick();
    },
    push(...events: NativeEvent[]): Promise<EventReceipt[]> {
      return pipeline.ingest(events);
    },
    async incidents(): Promise<IncidentRecord[]> {
      return (await store.listIncidents({ limit: 1000 })).items;
    },
    /** The one incident of the scenario (fails the test if there is not exactly one). */
    async sole(): Promise<IncidentRecord> {
      const all = (await store.listIncidents({ limit: 1000 })).items;
      expect(all).toHaveLength(1);
      return all[0]!;
    },
    async actions(id: string): Promise<string[]> {
      return (await store.getTimeline(id)).map((e) => e.action);
    },
    metrics: () => registry.metrics(),
  };
}

/** The disk-full event of most scenarios, firing and critical unless told otherwise. */
export const disk = (overrides: Partial<NativeEvent> = {}): NativeEvent => ({
  source: 'host',
  resource: 'web-1',
  check: 'filesystem.used_percent',
  severity: 'critical',
  status: 'firing',
  summary: '/ is 97% full',
  labels: { mount: '/' },
  ...overrides,
});

/** The recovery of `disk()`. */
export const diskOk = (overrides: Partial<NativeEvent> = {}) =>
  disk({ severity: 'ok', status: 'resolved', summary: '/ is 60% full', ...overrides });
