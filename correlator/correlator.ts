import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { SuppressionConfig } from '../config/suppression-config.js';
import { buildApp } from './api/app.js';
import type { TokenConfig } from './api/auth.js';
import { type Clock, systemClock } from './clock/clock.js';
import { Cmdb } from './cmdb/cmdb.js';
import { Liveness } from './cmdb/liveness.js';
import type { IncidentPolicy } from './incidents/policy.js';
import { createVigilMetrics } from './metrics/vigil-metrics.js';
import { Pipeline } from './pipeline/pipeline.js';
import type { Store } from './store/contract.js';
import { isSuppressionStore } from './store/suppression-store.js';
import { buildSuppression } from './suppression/build.js';

/** What a correlator is assembled from. */
export interface CorrelatorOptions {
  store: Store;
  policy: IncidentPolicy;
  tokens: readonly TokenConfig[];
  limits: { bodyBytes: number; batchEvents: number };
  metricsAuth: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Maintenance windows and inhibition rules from the config (`suppression`). */
  suppression?: SuppressionConfig;
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
  // Suppression needs a store that keeps its state (the embedded store does).
  const suppression = isSuppressionStore(store)
    ? buildSuppression({
        store,
        clock,
        registry,
        maintenance: options.suppression?.maintenance ?? [],
        inhibit: options.suppression?.inhibit ?? [],
        topology: options.suppression?.topology ?? null,
      })
    : undefined;
  const pipeline = new Pipeline({ store, clock, policy: options.policy, metrics, suppression });
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
      ...(suppression ? { silences: suppression.silences, maintenance: suppression.maintenance } : {}),
      refreshGauges,
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
    suppression,
    /** Marks the correlator ready (startup done) or not (shutting down). */
    setReady(ready: boolean, reason = 'stopping') {
      notReady = ready ? null : reason;
    },
  };
}

/** A correlator as `createCorrelator` returns it. */
export type Correlator = Awaited<ReturnType<typeof createCorrelator>>;
