import type { Store } from '../store/contract.js';
import type { Batch, Stage } from './batch.js';

/**
 * Pipeline stage: writes the batch (raw events, alerts, incidents, timeline) as one atomic unit.
 * Nothing is acknowledged to the sender before this returns.
 */
export function commitStage(store: Store): Stage {
  return {
    name: 'commit',
    async run(batch: Batch): Promise<void> {
      await store.commit({
        events: batch.events.filter((_, i) => !batch.duplicates.has(i)),
        alerts: [...batch.alerts.values()].filter((a) => a !== batch.state.alerts.get(a.fingerprint)),
        incidents: [...batch.incidents.values()].filter((i) => i !== batch.state.incidents.get(i.id)),
        timeline: batch.timeline,
      });
    },
  };
}
