import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { storeCiResolver } from '../cmdb/ci-resolver.js';
import { RuleBook } from '../correlation/rule-book.js';
import { VigilError } from '../errors/vigil-error.js';
import { escalate, withEscalationDue } from '../incidents/escalation.js';
import { IdAllocator } from '../incidents/id-allocator.js';
import type { IncidentChange } from '../incidents/incident-ops.js';
import { resolveBySignal } from '../incidents/incident-ops.js';
import { applyAction, type IncidentAction } from '../incidents/lifecycle.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { type ProblemPatch, patchProblem } from '../incidents/problems.js';
import type { CorrelationMetrics } from '../metrics/correlation-metrics.js';
import { observeIncidentChange } from '../metrics/incident-observer.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { NativeEvent, NormalisedEvent } from '../model/event.js';
import type {
  AlertRecord,
  IncidentRecord,
  ProblemRecord,
  SlaBreach,
  TimelineEntry,
} from '../model/records.js';
import { OutboxWriter } from '../notify/outbox-writer.js';
import { type Store, StoreConflictError, type UnitOfWork } from '../store/contract.js';
import { type GroupStore, isGroupStore } from '../store/group-store.js';
import { type SuppressionMetrics, suppressionMetricsStage } from '../suppression/suppression-metrics.js';
import { suppressionStage } from '../suppression/suppression-stage.js';
import type { SuppressionTimer } from '../suppression/suppression-timer.js';
import type { Suppressor } from '../suppression/suppressor.js';
import { symptomStage } from '../suppression/symptom-stage.js';
import { type Batch, type EventReceipt, newBatch, type Stage } from './batch.js';
import { commitStage } from './commit-stage.js';
import { dedupStage } from './dedup-stage.js';
import { groupCommitStage, groupingStage } from './grouping-stage.js';
import type { CommittedIncident, IncidentObserver } from './incident-observer.js';
import { type CiResolver, incidentStage } from './incident-stage.js';
import { loadStage } from './load-stage.js';
import { metricsStage } from './metrics-stage.js';
import { normaliseStage } from './normalise-stage.js';
import { problemStage } from './problem-stage.js';
import { allReceipts, takeRefreshes } from './refresh-path.js';
import { SerialQueue } from './serial-queue.js';

/** What the pipeline is built from. */
export interface PipelineDeps {
  store: Store;
  clock: Clock;
  policy: IncidentPolicy;
  metrics: VigilMetrics;
  /** Defaults to the store-backed CMDB binder. */
  cis?: CiResolver;
  /** Told about every committed incident change (automation listens here). */
  observers?: IncidentObserver[];
  /** Silences, maintenance windows, inhibition (docs/suppression.md); without it nothing is suppressed. */
  suppression?: { suppressor: Suppressor; metrics: SuppressionMetrics; timer: SuppressionTimer };
  /** The correlation rules in effect (reloadable); none when absent. */
  rules?: RuleBook;
  /** Where correlation groups live; defaults to the store when it implements `GroupStore`. */
  groups?: GroupStore;
  /** Counts correlation decisions (`vigil_correlation_decisions_total`) when given. */
  correlationMetrics?: CorrelationMetrics;
  /**
   * Puts the notifications of incident transitions into the transitions' own commits (the durable
   * outbox, docs/notifications.md); the store must implement `OutboxStore`. None without it.
   */
  outbox?: OutboxWriter;
}

/** How often a batch is retried when another writer changed the same records meanwhile. */
const MAX_CONFLICT_RETRIES = 5;

/** Most events committed in one group (one transaction, one fsync). */
const MAX_GROUP_EVENTS = 20_000;

interface PendingIngest {
  events: NativeEvent[];
  resolve: (receipts: EventReceipt[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The correlation pipeline: normalise -> load -> dedup -> grouping -> incident -> problem -> commit ->
 * group-commit -> metrics, built in
 * one place. `ingest` resolves once the batch is durably stored and correlated; the API answers
 * 202 only then.
 */
export class Pipeline {
  readonly #deps: PipelineDeps;
  readonly #queue = new SerialQueue();
  readonly #stages: Stage[];
  readonly #postCommit: Stage[];
  readonly #rules: RuleBook;
  readonly #groups: GroupStore | null;
  /** Notifications of each batch's unit, counted once the batch is committed. */
  readonly #queued = new WeakMap<Batch, UnitOfWork['notifications']>();

  constructor(deps: PipelineDeps) {
    this.#deps = deps;
    const ids = new IdAllocator(deps.store);
    const cis = deps.cis ?? storeCiResolver(deps.store);
    const rules = deps.rules ?? new RuleBook();
    const groups = deps.groups ?? (isGroupStore(deps.store) ? deps.store : null);
    this.#rules = rules;
    this.#groups = groups;
    // Groups kept by the store itself go into the commit's transaction when the store can.
    const groupsInCommit =
      groups !== null && groups === (deps.store as object) && deps.store.commitsGroups === true;
    this.#stages = [
      normaliseStage,
      loadStage(deps.store),
      dedupStage,
      ...(deps.suppression
        ? [suppressionStage({ suppressor: deps.suppression.suppressor, store: deps.store })]
        : []),
      ...(groups ? [groupingStage({ store: deps.store, groups, rules })] : []),
      incidentStage({ policy: deps.policy, ids, cis, rules }),
      ...(deps.suppression ? [symptomStage(deps.store)] : []),
      problemStage({
        store: deps.store,
        policy: deps.policy.problems,
        ids: new IdAllocator(deps.store, 'problem', 'PRB-', 1),
      }),
      commitStage(deps.store, {
        finish: (incident) => withEscalationDue(incident, deps.policy.escalation),
        groups: groupsInCommit,
        ...(deps.outbox
          ? {
              complete: async (unit: UnitOfWork, batch: Batch) => {
                const changes = OutboxWriter.changesOf(unit.incidents, unit.timeline);
                if (changes.length === 0) return;
                unit.notifications = await deps.outbox!.plan(changes, batch.now, batch.alerts);
                this.#queued.set(batch, unit.notifications);
              },
            }
          : {}),
      }),
      groupCommitStage(groups, deps.correlationMetrics, groupsInCommit),
    ];
    this.#postCommit = [
      metricsStage(deps.metrics),
      ...(deps.suppression ? [suppressionMetricsStage(deps.suppression.metrics)] : []),
    ];
  }

  /**
   * Correlates a batch of events; resolves with one receipt per event, in order, once stored.
   * Batches that arrive while another is being committed are grouped into one unit of work (group
   * commit: one transaction and one fsync for all of them); if a group fails, its batches are
   * retried one by one so one bad batch cannot fail another.
   */
  ingest(events: NativeEvent[]): Promise<EventReceipt[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ events, resolve, reject });
      // Start draining on the next turn of the event loop, so requests whose bodies are already
      // arriving join this group instead of each paying for its own commit.
      if (this.#pending.length === 1) setImmediate(() => void this.#queue.run(() => this.#drain()));
    });
  }

  readonly #pending: PendingIngest[] = [];

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      let count = 0;
      let take = 0;
      while (
        take < this.#pending.length &&
        (take === 0 || count + this.#pending[take]!.events.length <= MAX_GROUP_EVENTS)
      ) {
        count += this.#pending[take]!.events.length;
        take++;
      }
      const group = this.#pending.splice(0, take);
      try {
        const { receipts, durable } = await this.#correlate(group.flatMap((g) => g.events));
        // Not awaited: the next group is correlated while this one syncs to disk; its senders
        // get their receipts only once it is durable.
        durable.then(
          () => {
            let offset = 0;
            for (const member of group) {
              member.resolve(receipts.slice(offset, offset + member.events.length));
              offset += member.events.length;
            }
          },
          (error: unknown) => {
            for (const member of group) member.reject(error);
          },
        );
      } catch (error) {
        if (group.length === 1) {
          group[0]!.reject(error);
          continue;
        }
        for (const member of group) {
          await this.#process(member.events).then(member.resolve, member.reject);
        }
      }
    }
  }

  /** Correlates and commits a batch and waits until it is durable. */
  async #process(
    events: NativeEvent[],
    prepared?: (now: number) => NormalisedEvent[],
    recheck: string[] = [],
  ): Promise<EventReceipt[]> {
    const { receipts, durable } = await this.#correlate(events, prepared, recheck);
    await durable;
    return receipts;
  }

  /**
   * Runs the stages on a batch (retrying store conflicts) and returns its receipts with a promise
   * for its durability; observers hear about its incidents only once it is durable.
   */
  async #correlate(
    events: NativeEvent[],
    prepared?: (now: number) => NormalisedEvent[],
    recheck: string[] = [],
  ): Promise<{ receipts: EventReceipt[]; durable: Promise<void> }> {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      const batch = newBatch(events, this.#deps.clock.now());
      if (prepared) batch.events = prepared(batch.now);
      batch.recheck = recheck;
      try {
        if (!prepared) {
          await takeRefreshes(batch, {
            store: this.#deps.store,
            rules: this.#rules.current,
            ...(this.#deps.suppression ? { suppressor: this.#deps.suppression.suppressor } : {}),
          });
        }
        for (const stage of this.#stages) await stage.run(batch);
      } catch (error) {
        // A stage after the commit failed: the sync still runs, but nobody waits for it.
        batch.durable.catch(() => {});
        if (error instanceof StoreConflictError && attempt < MAX_CONFLICT_RETRIES) continue;
        if (error instanceof StoreConflictError)
          throw new VigilError('VIGIL_ERR_CONFLICT', { what: error.what });
        throw error;
      }
      for (const stage of this.#postCommit) await stage.run(batch);
      const queued = this.#queued.get(batch);
      const durable = batch.durable.then(() => {
        // Delivery and observers only once the batch is on disk.
        this.#deps.outbox?.committed(queued);
        if ((this.#deps.observers?.length ?? 0) > 0) this.#notify(committedChanges(batch));
        this.#deps.metrics.ingestBatchDuration.observe((performance.now() - started) / 1000);
      });
      return { receipts: allReceipts(batch), durable };
    }
  }

  /** Applies an operator action to an incident (acknowledge, assign, resolve, close, note). */
  act(incidentId: string, action: IncidentAction, actor: string): Promise<IncidentRecord> {
    return this.#queue.run(async () => {
      const { store, clock, metrics } = this.#deps;
      const incident = await store.getIncident(incidentId);
      if (!incident) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Incident', id: incidentId });
      const acted = applyAction(incident, action, actor, clock.now());
      const next = withEscalationDue(acted.incident, this.#deps.policy.escalation);
      const { entry } = acted;
      try {
        await this.#commitChange(next, [entry]);
      } catch (error) {
        if (error instanceof StoreConflictError)
          throw new VigilError('VIGIL_ERR_CONFLICT', { what: error.what });
        throw error;
      }
      observeIncidentChange(metrics, next, entry);
      this.#notify([{ incident: { ...next, version: next.version + 1 }, entries: [entry] }]);
      return { ...next, version: next.version + 1 };
    });
  }

  /**
   * Applies a change decided outside the pipeline (automation crediting a fix, escalating after a
   * failed one) to the stored incident, in the pipeline's queue; retried on a concurrent update.
   * `decide` gets the fresh record and returns null to change nothing. Resolves with the stored
   * incident, or null when it does not exist.
   */
  amendIncident(
    id: string,
    decide: (incident: IncidentRecord, now: number) => IncidentChange | null,
  ): Promise<IncidentRecord | null> {
    return this.#queue.run(async () => {
      const { store, clock, metrics } = this.#deps;
      for (let attempt = 0; ; attempt++) {
        const incident = await store.getIncident(id);
        if (!incident) return null;
        const change = decide(incident, clock.now());
        if (!change) return incident;
        const next = withEscalationDue(change.incident, this.#deps.policy.escalation);
        try {
          await this.#commitChange(next, change.entries);
        } catch (error) {
          if (error instanceof StoreConflictError && attempt < MAX_CONFLICT_RETRIES) continue;
          if (error instanceof StoreConflictError)
            throw new VigilError('VIGIL_ERR_CONFLICT', { what: error.what });
          throw error;
        }
        for (const entry of change.entries) observeIncidentChange(metrics, next, entry);
        const stored = { ...next, version: next.version + 1 };
        this.#notify([{ incident: stored, entries: change.entries }]);
        return stored;
      }
    });
  }

  /**
   * Commits one incident's change with the notifications its transitions produce (in the same
   * transaction); throws what the store throws.
   */
  async #commitChange(incident: IncidentRecord, entries: TimelineEntry[]): Promise<void> {
    const { store, clock, outbox } = this.#deps;
    const notifications = outbox ? await outbox.plan([{ incident, entries }], clock.now()) : [];
    await store.commit({
      events: [],
      alerts: [],
      incidents: [incident],
      timeline: entries.map((entry) => ({ incidentId: incident.id, entry })),
      ...(notifications.length > 0 ? { notifications } : {}),
    });
    outbox?.committed(notifications);
  }

  /** Tells the observers what was just committed; an observer's fault never fails the pipeline. */
  #notify(changes: CommittedIncident[]): void {
    if (changes.length === 0) return;
    for (const observer of this.#deps.observers ?? []) {
      try {
        observer.incidentsCommitted(changes);
      } catch {
        // Observers take note only; a throwing one must not undo a durable commit.
      }
    }
  }

  /**
   * Applies an operator's change to a problem (root cause, workaround, state); refuses a state
   * change its state forbids with VIGIL_ERR_PROBLEM_TRANSITION, storing nothing.
   */
  updateProblem(id: string, patch: ProblemPatch): Promise<ProblemRecord> {
    return this.#queue.run(async () => {
      const { store, clock } = this.#deps;
      const problem = await store.getProblem(id);
      if (!problem) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Problem', id });
      const next = patchProblem(problem, patch, clock.now());
      try {
        await store.commit({ events: [], alerts: [], incidents: [], timeline: [], problems: [next] });
      } catch (error) {
        if (error instanceof StoreConflictError)
          throw new VigilError('VIGIL_ERR_CONFLICT', { what: error.what });
        throw error;
      }
      return { ...next, version: next.version + 1 };
    });
  }

  /**
   * Timer work, driven by the clock: resolves firing alerts whose expiry (Prometheus `endsAt`)
   * passed without a refresh, through the normal pipeline, then resolves incidents whose hold-down
   * has expired, then escalates incidents whose response or resolution target passed (DESIGN.md
   * "Escalation"). Returns how many incidents the hold-down resolved; an incident another writer
   * changed meanwhile is left for the next tick.
   */
  tick(): Promise<number> {
    return this.#queue.run(async () => {
      const { store, clock, metrics } = this.#deps;
      await this.#expireAlerts(clock.now());
      await this.#endSuppressions(clock.now());
      await this.#matureTransients(clock.now());
      const now = clock.now();
      let resolved = 0;
      for (const incident of await store.incidentsDueForResolution(now)) {
        if (incident.firingFingerprints.length > 0) continue;
        const change = resolveBySignal(incident, now);
        change.incident = withEscalationDue(change.incident, this.#deps.policy.escalation);
        try {
          await this.#commitChange(change.incident, change.entries);
        } catch (error) {
          if (error instanceof StoreConflictError) continue;
          throw error;
        }
        resolved++;
        for (const entry of change.entries) observeIncidentChange(metrics, change.incident, entry);
        this.#notify([
          { incident: { ...change.incident, version: change.incident.version + 1 }, entries: change.entries },
        ]);
      }
      await this.#escalate(now);
      return resolved;
    });
  }

  /**
   * Escalates each incident whose next escalation time passed, once per breach that is due (both
   * at once when a tick comes late), in one commit per incident; runs inside the queue. An incident
   * whose policy moved its target later is only re-timed; one changed meanwhile waits for the next tick.
   */
  async #escalate(now: number): Promise<void> {
    const { store, metrics, policy } = this.#deps;
    for (const stored of await store.incidentsDueForEscalation(now, ESCALATION_BATCH)) {
      let incident = stored;
      const entries: TimelineEntry[] = [];
      const breaches: SlaBreach[] = [];
      for (
        let step = escalate(incident, policy.escalation, now);
        step;
        step = escalate(incident, policy.escalation, now)
      ) {
        incident = step.incident;
        entries.push(...step.entries);
        breaches.push(step.breach);
      }
      incident = withEscalationDue(incident, policy.escalation);
      if (incident === stored) continue;
      try {
        await this.#commitChange(incident, entries);
      } catch (error) {
        if (error instanceof StoreConflictError) continue;
        throw error;
      }
      for (const breach of breaches) {
        metrics.incidentEscalations.inc({ priority: incident.priority, breach });
        metrics.slaBreaches.inc({ priority: incident.priority, target: breach });
      }
      for (const entry of entries) observeIncidentChange(metrics, incident, entry);
      this.#notify([{ incident: { ...incident, version: incident.version + 1 }, entries }]);
    }
  }

  /** Suppression's timer work (docs/suppression.md); runs inside the queue. */
  async #endSuppressions(now: number): Promise<void> {
    await this.#deps.suppression?.timer.run(now, {
      feed: async (events) => {
        await this.#process([], (receivedAt) => events.map((e) => ({ ...e, receivedAt })));
      },
      recheck: async (fingerprints) => {
        await this.#process([], undefined, fingerprints);
      },
    });
  }

  /**
   * Transient rules: feeds one repeat of each alert that waited out its rule's period still firing,
   * so the incident stage opens its incident now; waits of alerts that resolved or got an incident
   * meanwhile are dropped. Runs inside the queue.
   */
  async #matureTransients(now: number): Promise<void> {
    const groups = this.#groups;
    if (!groups) return;
    for (const rule of this.#rules.current.transient) {
      const due = await groups.dueGroups(rule.name, now - rule.withinMs + 1, EXPIRY_BATCH);
      if (due.length === 0) continue;
      const alerts = await Promise.all(due.map((entry) => this.#deps.store.getAlert(entry.key)));
      const waiting = alerts.filter((a): a is AlertRecord => a?.state === 'firing' && a.incidentId === null);
      const done = due.filter((entry) => !waiting.some((a) => a.fingerprint === entry.key));
      if (done.length > 0) await groups.deleteGroups(done);
      if (waiting.length > 0) {
        await this.#process([], (receivedAt) => waiting.map((alert) => repeatEvent(alert, receivedAt)));
      }
    }
  }

  /** Feeds a resolved event for each firing alert whose expiry passed; runs inside the queue. */
  async #expireAlerts(now: number): Promise<void> {
    for (let round = 0; round < MAX_EXPIRY_ROUNDS; round++) {
      const expired = await this.#deps.store.alertsExpiringBefore(now, EXPIRY_BATCH);
      if (expired.length === 0) return;
      await this.#process([], (receivedAt) => expired.map((alert) => expiryEvent(alert, receivedAt)));
      if (expired.length < EXPIRY_BATCH) return;
    }
  }
}

/** Incidents escalated per tick at most; the rest wait for the next tick. */
const ESCALATION_BATCH = 1000;

/** Expired alerts resolved per pipeline batch, and batches per tick (the rest waits for the next tick). */
const EXPIRY_BATCH = 1000;
const MAX_EXPIRY_ROUNDS = 10;

/**
 * The recovery an expired alert gets: resolved at its expiry (never before its last state change,
 * so dedup cannot take it for an out-of-order event), identity and description unchanged.
 */
function expiryEvent(alert: AlertRecord, receivedAt: number): NormalisedEvent {
  const expiresAt = alert.expiresAt ?? receivedAt;
  return {
    id: randomUUID(),
    clientId: false,
    fingerprint: alert.fingerprint,
    source: alert.source,
    resource: alert.resource,
    check: alert.check,
    severity: alert.severity,
    status: 'resolved',
    summary: alert.summary,
    labels: alert.labels,
    time: Math.max(expiresAt, alert.stateChangedAt),
    receivedAt,
    expiresAt: null,
  };
}

/** A repeat of a firing alert as it stands (timers use it to let the pipeline look at it again). */
function repeatEvent(alert: AlertRecord, receivedAt: number): NormalisedEvent {
  return {
    ...expiryEvent(alert, receivedAt),
    status: 'firing',
    time: alert.lastSeen,
    expiresAt: alert.expiresAt ?? null,
  };
}

/**
 * The incidents a committed batch changed, each with its new timeline entries, for observers.
 * Entries are indexed by incident once: a group commit can hold thousands of both.
 */
function committedChanges(batch: Batch): CommittedIncident[] {
  const entries = new Map<string, TimelineEntry[]>();
  for (const t of batch.timeline) {
    const list = entries.get(t.incidentId);
    if (list) list.push(t.entry);
    else entries.set(t.incidentId, [t.entry]);
  }
  const changes: CommittedIncident[] = [];
  for (const i of batch.incidents.values()) {
    if (i === batch.state.incidents.get(i.id)) continue;
    changes.push({ incident: { ...i, version: i.version + 1 }, entries: entries.get(i.id) ?? [] });
  }
  return changes;
}
