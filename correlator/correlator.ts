import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { SuppressionConfig } from '../config/suppression-config.js';
import { type CorrelationRules, NO_CORRELATION_RULES } from '../rules/correlation-types.js';
import type { RegistrationRule } from './agents/registration.js';
import { buildApp } from './api/app.js';
import type { TokenConfig } from './api/auth.js';
import { changeWindowFromStore } from './automation/change-window-lookup.js';
import { AutomationEngine } from './automation/engine.js';
import { createAutomationMetrics } from './automation/metrics.js';
import type { AutomationSetup } from './automation/setup.js';
import { type Clock, systemClock } from './clock/clock.js';
import type { ChangeWindowLookup } from './cmdb/change-window.js';
import { Cmdb } from './cmdb/cmdb.js';
import type { LifecyclePolicy } from './cmdb/lifecycle.js';
import { Liveness } from './cmdb/liveness.js';
import { livenessCi } from './cmdb/liveness-ci.js';
import type { PrecedencePolicy } from './cmdb/precedence.js';
import { RuleBook } from './correlation/rule-book.js';
import { RuleReloader } from './correlation/rule-reloader.js';
import { VigilError } from './errors/vigil-error.js';
import type { IncidentPolicy } from './incidents/policy.js';
import { createCorrelationMetrics } from './metrics/correlation-metrics.js';
import { createVigilMetrics } from './metrics/vigil-metrics.js';
import type { CiRecord } from './model/records.js';
import type { Sender } from './notify/deliver.js';
import { NotificationDispatcher } from './notify/dispatcher.js';
import { createNotifyMetrics } from './notify/metrics.js';
import { OutboxWriter } from './notify/outbox-writer.js';
import { NotificationPlanner } from './notify/planner.js';
import { compileNotify, type NotifyConfig } from './notify/setup.js';
import { Pipeline } from './pipeline/pipeline.js';
import { OutageTracker } from './sla/outage-tracker.js';
import type { ServiceDefinition } from './sla/service-definition.js';
import { refreshServiceSeverity } from './sla/service-severity-gauge.js';
import { refreshSlaGauges } from './sla/sla-gauges.js';
import { isChangeStore } from './store/change-store.js';
import type { Store } from './store/contract.js';
import { isOutboxStore } from './store/outbox-store.js';
import { isSlaStore } from './store/sla-store.js';
import { isSuppressionStore } from './store/suppression-store.js';
import type { EventSink } from './stream/stream-ingest.js';
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
  /** The correlation rules loaded at start (none by default). */
  rules?: CorrelationRules;
  /**
   * Loads the correlation rules again for a reload (SIGHUP, `POST /api/v1/rules/reload`); without
   * it a reload keeps the start rules.
   */
  loadRules?: () => Promise<CorrelationRules>;
  /** Default process metrics (off in tests that build many correlators). */
  processMetrics?: boolean;
  /** CMDB source precedence and lifecycle (config `cmdb`); defaults when absent. */
  cmdb?: { precedence?: PrecedencePolicy; lifecycle?: LifecyclePolicy; changes?: ChangeWindowLookup };
  /** Remediation rules and what they may run; needs a store that keeps change records. */
  automation?: AutomationSetup;
  /** Agent registration rules (config `registration`). */
  registration?: readonly RegistrationRule[];
  /** Services measured for availability and SLA (config `services`). */
  services?: readonly ServiceDefinition[];
  /** Notifications out (config `notify`); with receivers, the store must keep an outbox. */
  notify?: NotifyConfig;
  /** Notification transport and jitter, for tests that inject faults; HTTP and Math.random by default. */
  notifyTransport?: { send?: Sender; random?: () => number };
  /**
   * `vigil server`: the replica id that names the dispatcher's claims, and whether it may go on
   * sending (the timer lease is held); see NotificationDispatcher.
   */
  notifyDispatch?: { owner: string; mayContinue: () => boolean };
  /**
   * Where the ingest routes hand accepted batches (`vigil server`: the Redis ingest stream);
   * default: the pipeline, answering after the commit.
   */
  ingest?: EventSink;
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
  // Suppression needs a store that keeps its state (the SQLite and Redis stores do).
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
  const observers: AutomationEngine[] = [];
  const notifySetup =
    options.notify && options.notify.receivers.length > 0 ? compileNotify(options.notify) : null;
  const outbox = isOutboxStore(store) ? store : null;
  if (notifySetup && !outbox)
    throw new VigilError('VIGIL_ERR_NOTIFY_UNAVAILABLE', {
      reason: `the ${store.kind} store keeps no outbox; use the sqlite or redis store, or remove notify`,
    });
  const notifyMetrics = notifySetup ? createNotifyMetrics(registry) : null;
  const outboxWriter =
    notifySetup && notifyMetrics
      ? new OutboxWriter(new NotificationPlanner(notifySetup), store, notifyMetrics)
      : undefined;
  const pipeline = new Pipeline({
    store,
    clock,
    policy: options.policy,
    metrics,
    observers,
    suppression,
    rules: book,
    correlationMetrics,
    ...(outboxWriter ? { outbox: outboxWriter } : {}),
  });
  const notifications =
    notifySetup && notifyMetrics && outbox
      ? new NotificationDispatcher({
          store: outbox,
          setup: notifySetup,
          clock,
          metrics: notifyMetrics,
          ...(options.notifyTransport?.send ? { send: options.notifyTransport.send } : {}),
          ...(options.notifyTransport?.random ? { random: options.notifyTransport.random } : {}),
          ...(options.notifyDispatch ?? {}),
          ...(options.logger ? { logger: options.logger } : {}),
        })
      : null;
  const changes = isChangeStore(store) ? store : null;
  let automation: AutomationEngine | null = null;
  if (options.automation && options.automation.rules.length > 0) {
    if (!changes)
      throw new Error(`the ${store.kind} store keeps no change records, so automation cannot run`);
    automation = new AutomationEngine({
      ...options.automation,
      store: changes,
      incidents: pipeline,
      clock,
      metrics: createAutomationMetrics(registry),
      escalation: options.policy.escalation,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    observers.push(automation);
  }
  const cmdb = new Cmdb(store, metrics, {
    // Change records, where the store keeps them, authorise the attribute changes they cover.
    ...(changes ? { changes: changeWindowFromStore(changes, () => clock.now()) } : {}),
    ...options.cmdb,
    impactThresholds: options.policy.impactThresholds,
    clock,
    // Unauthorised changes become ordinary events: deduplicated, classified, maybe incidents.
    emit: (events) => pipeline.ingest(events),
  });
  const liveness = new Liveness(clock);
  const sla = isSlaStore(store)
    ? {
        services: options.services ?? [],
        tracker: new OutageTracker(store, clock, options.services ?? []),
        store,
      }
    : undefined;
  /**
   * Feeds liveness into the outage tracker (CI and service outages): every state change since the
   * last call with its exact time, then the current states (dated from when they began), which
   * catch CIs the CMDB did not know yet when they changed.
   */
  const trackAvailability = async (refreshMembers = false) => {
    if (!sla) return;
    if (refreshMembers) await sla.tracker.refreshMembers();
    const found = new Map<string, CiRecord | null>();
    const states = [];
    for (const change of [
      ...liveness.drainTransitions(),
      ...liveness.snapshot().map((s) => ({ ...s, at: s.since })),
    ]) {
      const ci = await livenessCi(store, change, found);
      if (ci) states.push({ ci, up: change.up, at: change.at });
    }
    await sla.tracker.observe(states);
  };
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
    if (sla) {
      await refreshSlaGauges(metrics, sla, clock.now());
      await refreshServiceSeverity(metrics, store, sla);
    }
    if (notifyMetrics && outbox) {
      notifyMetrics.outbox.reset();
      for (const row of await outbox.notificationCounts())
        notifyMetrics.outbox.set({ state: row.state, receiver: row.receiver }, row.count);
    }
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
      changes,
      automation,
      registration: options.registration ?? [],
      ...(sla ? { sla } : {}),
      rules,
      ...(outbox
        ? { notifications: { store: outbox, sending: notifications !== null, now: () => clock.now() } }
        : {}),
      ...(options.ingest ? { ingest: options.ingest } : {}),
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
    /** The remediation engine, or null without automation rules; `vigil run` ticks it with the pipeline. */
    automation,
    sla,
    trackAvailability,
    suppression,
    /**
     * Delivers the notification outbox; null without `notify` receivers. `vigil run` calls
     * `dispatch()` on a timer, `vigil server` in a job of the lease holder.
     */
    notifications,
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
