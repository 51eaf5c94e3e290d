import type { IncidentRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import type { Batch, Stage } from './batch.js';

/**
 * Pipeline stage: writes the batch (raw events, alerts, incidents, timeline, problems) as one atomic unit.
 * Nothing is acknowledged to the sender before `batch.durable` resolves (stores that sync off the
 * event loop set it; others are durable when this returns). `finish` completes each changed
 * incident just before it is written (the pipeline sets its next escalation time there).
 */
export function commitStage(
  store: Store,
  finish: (incident: IncidentRecord) => IncidentRecord = (i) => i,
): Stage {
  return {
    name: 'commit',
    async run(batch: Batch): Promise<void> {
      const unit = {
        events: batch.events.filter((_, i) => !batch.duplicates.has(i)),
        alerts: [...batch.alerts.values()].filter((a) => a !== batch.state.alerts.get(a.fingerprint)),
        incidents: [...batch.incidents.values()]
          .filter((i) => i !== batch.state.incidents.get(i.id))
          .map(finish),
        timeline: batch.timeline,
        problems: [...batch.problems.values()],
      };
      if (store.commitDurableLater) batch.durable = (await store.commitDurableLater(unit)).durable;
      else await store.commit(unit);
    },
  };
}
