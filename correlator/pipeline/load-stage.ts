import type { Store } from '../store/contract.js';
import type { Batch, Stage } from './batch.js';

/** Pipeline stage: reads the alerts and incidents the batch touches, and which client ids are known. */
export function loadStage(store: Store): Stage {
  return {
    name: 'load',
    async run(batch: Batch): Promise<void> {
      const fingerprints = [...new Set(batch.events.map((e) => e.fingerprint))];
      const clientIds = batch.input.flatMap((e) => (e.id === undefined ? [] : [e.id]));
      batch.state = await store.loadBatchState(fingerprints, clientIds);
      batch.alerts = new Map(batch.state.alerts);
      batch.incidents = new Map(batch.state.incidents);
    },
  };
}
