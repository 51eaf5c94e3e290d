import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type CorrelationRules, NO_CORRELATION_RULES } from '../rules/correlation-types.js';
import { buildApp } from './api/app.js';
import type { TokenConfig } from './api/auth.js';
import { type Clock, systemClock } from './clock/clock.js';
import { Cmdb } from './cmdb/cmdb.js';
import { Liveness } from './cmdb/liveness.js';
import { RuleBook } from './correlation/rule-book.js';
import { RuleReloader } from './correlation/rule-reloader.js';
import type { IncidentPolicy } from './incidents/policy.js';
import { createCorrelationMetrics } from './metrics/correlation-metrics.js';
import { createVigilMetrics } from './metrics/vigil-metrics.js';
import { Pipeline } from './pipeline/pipeline.js';
import type { Store } from './store/contract.js';

/** What a correlator is assembled from. */
export interface CorrelatorOptions {
  store: Store;
  policy: IncidentPolicy;
  tokens: readonly TokenConfig[];
  limits: { bodyBytes: number; batchEvents: number };
  metricsAuth: boolean;
  clock?: Clock;
  logger?: Logger;
  /** The correlation rules loaded at start (none by default). */
  rules?: CorrelationRules;
  /**
   * Loads the correlation rules again for a reload (SIGHUP, `POST /api/v1/rules/reload`); without
   * it a reload keeps the start rules.
   */
  loadRules?: () => Promise<CorrelationRules>;
  /** Default process metrics (off in tests that build many correlators). */
  processMetrics?: boolean;
}

/**
 * The correlator assembled: store, pipeline, CMDB, metrics and HTTP API, wired in one place so
 * `vigil run`, `vigil server`, the end-to-end tests and the benchmarks all build the same thing.
 */
export async function createCorrelator(options: CorrelatorOptions) {
  const clock = options.clock ?? systemClock;
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  const metrics = createVigilMetrics(registry);
  const { store } = options;
  const correlationMetrics = createCorrelationMetrics(registry);
  const book = new RuleBook(options.rules ?? NO_CORRELATION_RULES, clock.now());
  const initialRules = book.current;
  const rules = new RuleReloader({
    book,
    load: options.loadRules ?? (async () => initialRules),
    metrics: correlationMetrics,
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const pipeline = new Pipeline({
    store,
    clock,
    policy: options.policy,
    metrics,
    rules: book,
    correlationMetrics,
  });
  const cmdb = new Cmdb(store, metrics);
  const liveness = new Liveness(clock);
  let notReady: string | null = 'starting';

  const refreshGauges = async () => {
    const [open, cis, problems] = await Promise.all([
      store.openIncidentCounts(),
      store.ciCounts(),
      store.problemCounts(),
    ]);
    metrics.incidentsOpen.reset();
    for (const row of open)
      metrics.incidentsOpen.set({ priority: row.priority, category: row.category }, row.count);
    metrics.problemsOpen.reset();
    for (const row of problems)
      if (row.state !== 'closed') metrics.problemsOpen.set({ state: row.state }, row.count);
    metrics.ciCount.reset();
    for (const row of cis) metrics.ciCount.set({ class: row.class, state: row.state }, row.count);
    metrics.ciUp.reset();
    for (const ci of liveness.snapshot()) metrics.ciUp.set({ ci: ci.name, class: ci.ciClass }, ci.up ? 1 : 0);
  };

  const app = await buildApp(
    {
      store,
      pipeline,
      cmdb,
      metrics,
      registry,
      clock,
      tokens: options.tokens,
      limits: options.limits,
      metricsAuth: options.metricsAuth,
      notReadyReason: () => notReady,
      refreshGauges,
      rules,
    },
    options.logger,
  );

  return {
    app,
    store,
    pipeline,
    cmdb,
    metrics,
    registry,
    liveness,
    /** Reloads the correlation rules (SIGHUP and the admin route call it). */
    rules,
    /** Marks the correlator ready (startup done) or not (shutting down). */
    setReady(ready: boolean, reason = 'stopping') {
      notReady = ready ? null : reason;
    },
  };
}

/** A correlator as `createCorrelator` returns it. */
export type Correlator = Awaited<ReturnType<typeof createCorrelator>>;
