import { IdAllocator } from '../incidents/id-allocator.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { ObservationBatch } from '../model/observation.js';
import { SerialQueue } from '../pipeline/serial-queue.js';
import { type Store, StoreConflictError } from '../store/contract.js';
import { type ReconcileResult, reconcile } from './reconcile.js';

/**
 * The CMDB write side: reconciles observation batches one at a time and commits each atomically,
 * retrying when another writer changed the same CIs meanwhile.
 */
export class Cmdb {
  readonly #queue = new SerialQueue();
  readonly #ids: IdAllocator;

  constructor(
    readonly store: Store,
    readonly metrics: VigilMetrics,
  ) {
    this.#ids = new IdAllocator(store, 'ci', 'CI-');
  }

  /** Applies one batch of observations; resolves with what it created and updated. */
  observe(batch: ObservationBatch): Promise<ReconcileResult> {
    return this.#queue.run(async () => {
      for (let attempt = 0; ; attempt++) {
        const result = await reconcile(this.store, this.#ids, batch);
        try {
          await this.store.commitCmdb(result.unit);
        } catch (error) {
          if (error instanceof StoreConflictError && attempt < 5) continue;
          throw error;
        }
        for (const change of result.unit.history) {
          const ci = result.unit.cis.find((c) => c.id === change.ciId);
          if (ci && change.oldValue !== undefined)
            this.metrics.ciChanges.inc({ class: ci.class, source: change.source });
        }
        return result;
      }
    });
  }
}
