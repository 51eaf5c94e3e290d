import { type Clock, systemClock } from '../clock/clock.js';
import { IdAllocator } from '../incidents/id-allocator.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { NativeEvent } from '../model/event.js';
import type { ObservationBatch } from '../model/observation.js';
import type { CiHistoryEntry, CiRecord } from '../model/records.js';
import { SerialQueue } from '../pipeline/serial-queue.js';
import { type CmdbUnit, type Store, StoreConflictError } from '../store/contract.js';
import { type ChangeWindowLookup, NO_CHANGES } from './change-window.js';
import { DEFAULT_IMPACT_THRESHOLDS, type ImpactThresholds } from './impact.js';
import { DEFAULT_LIFECYCLE, type LifecyclePolicy, lifecycleState, MANUAL_SOURCES } from './lifecycle.js';
import { DEFAULT_PRECEDENCE, type PrecedencePolicy } from './precedence.js';
import { type ReconcileResult, reconcile } from './reconcile.js';
import { unauthorizedChangeEvent } from './unauthorized-change.js';

/** How the CMDB decides; every part has a default. */
export interface CmdbOptions {
  precedence?: PrecedencePolicy;
  lifecycle?: LifecyclePolicy;
  clock?: Clock;
  /** Change records that authorise attribute changes; none by default. */
  changes?: ChangeWindowLookup;
  /** Impact thresholds for the impact API (config incidents.impactThresholds). */
  impactThresholds?: ImpactThresholds;
  /** Where `config.unauthorized_change` events go (the pipeline); dropped when absent. */
  emit?: (events: NativeEvent[]) => Promise<unknown>;
}

/** How many CIs one lifecycle sweep reads per page. */
const SWEEP_PAGE = 1000;

/**
 * The CMDB write side: reconciles observation batches one at a time and commits each atomically,
 * retrying when another writer changed the same CIs meanwhile; flags attribute changes no change
 * record covers; moves unobserved CIs through `missing` to `retired`.
 */
export class Cmdb {
  readonly #queue = new SerialQueue();
  readonly #ids: IdAllocator;
  readonly precedence: PrecedencePolicy;
  readonly lifecycle: LifecyclePolicy;
  readonly clock: Clock;
  readonly impactThresholds: ImpactThresholds;
  readonly #changes: ChangeWindowLookup;
  readonly #emit: CmdbOptions['emit'];

  constructor(
    readonly store: Store,
    readonly metrics: VigilMetrics,
    options: CmdbOptions = {},
  ) {
    this.#ids = new IdAllocator(store, 'ci', 'CI-');
    this.precedence = options.precedence ?? DEFAULT_PRECEDENCE;
    this.lifecycle = options.lifecycle ?? DEFAULT_LIFECYCLE;
    this.clock = options.clock ?? systemClock;
    this.impactThresholds = options.impactThresholds ?? DEFAULT_IMPACT_THRESHOLDS;
    this.#changes = options.changes ?? NO_CHANGES;
    this.#emit = options.emit;
  }

  /** Applies one batch of observations; resolves with what it created and updated. */
  observe(batch: ObservationBatch): Promise<ReconcileResult> {
    return this.#queue.run(async () => {
      for (let attempt = 0; ; attempt++) {
        const result = await reconcile(this.store, this.#ids, batch, this.precedence);
        try {
          await this.store.commitCmdb(result.unit);
        } catch (error) {
          if (error instanceof StoreConflictError && attempt < 5) continue;
          throw error;
        }
        await this.#afterCommit(result.unit, result.previousSeen);
        return result;
      }
    });
  }

  /**
   * Runs `build` (which reads the store and returns a unit) and commits its unit inside the CMDB's
   * queue, so manual edits never interleave with a reconciliation. Used by the API's manual edits.
   */
  apply<T extends { unit: CmdbUnit }>(build: () => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      const built = await build();
      const before = await this.#previousSightings(built.unit.cis);
      await this.store.commitCmdb(built.unit);
      await this.#afterCommit(built.unit, before);
      return built;
    });
  }

  /**
   * Moves every CI to the lifecycle state its last sighting calls for at the clock's now
   * (`missing`, `retired`); returns how many changed. Retired CIs stay stored and queryable.
   */
  sweepLifecycle(): Promise<number> {
    return this.#queue.run(async () => {
      const now = this.clock.now();
      let changed = 0;
      let cursor: string | undefined;
      do {
        const page = await this.store.listCis({ limit: SWEEP_PAGE, ...(cursor ? { cursor } : {}) });
        const cis: CiRecord[] = [];
        const history: CiHistoryEntry[] = [];
        for (const ci of page.items) {
          const state = lifecycleState(ci, now, this.lifecycle);
          if (state === ci.state) continue;
          cis.push({ ...ci, state });
          history.push({
            ciId: ci.id,
            attribute: '@state',
            oldValue: ci.state,
            newValue: state,
            source: 'lifecycle',
            at: now,
          });
        }
        if (cis.length > 0) await this.store.commitCmdb({ cis, relations: [], history });
        changed += cis.length;
        cursor = page.next ?? undefined;
      } while (cursor);
      return changed;
    });
  }

  /** When each already-stored CI of a unit was last seen before it, for change windows. */
  async #previousSightings(cis: CiRecord[]): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    for (const ci of cis) {
      if (ci.version === 0) continue;
      const stored = await this.store.getCi(ci.id);
      if (stored) seen.set(ci.id, stored.lastSeen);
    }
    return seen;
  }

  async #afterCommit(unit: CmdbUnit, before: Map<string, number>): Promise<void> {
    const events: NativeEvent[] = [];
    const byId = new Map(unit.cis.map((c) => [c.id, c]));
    for (const change of unit.history) {
      const ci = byId.get(change.ciId);
      if (!ci || change.oldValue === undefined || change.applied === false) continue;
      if (change.attribute.startsWith('@')) continue;
      this.metrics.ciChanges.inc({ class: ci.class, source: change.source });
      // Manual edits are changes by definition authorised by whoever made them.
      if (MANUAL_SOURCES.has(change.source)) continue;
      const from = before.get(ci.id) ?? change.at;
      const covering = await this.#changes.coveringChanges(ci.id, from, change.at);
      if (covering.length > 0) continue;
      this.metrics.unauthorizedChanges.inc({ class: ci.class });
      events.push(unauthorizedChangeEvent(ci, change));
    }
    if (events.length > 0 && this.#emit) await this.#emit(events);
  }
}
