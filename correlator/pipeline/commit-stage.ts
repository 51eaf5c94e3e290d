import type { IncidentRecord } from '../model/records.js';
import type { Store, UnitOfWork } from '../store/contract.js';
import type { Batch, Stage } from './batch.js';
import { batchGroups } from './grouping-stage.js';

/** What the commit stage is told besides the store. */
export interface CommitOptions {
  /** Completes each changed incident just before it is written (the pipeline sets its next escalation time). */
  finish?: (incident: IncidentRecord) => IncidentRecord;
  /** Whether the unit carries the batch's correlation groups (the store `commitsGroups` and keeps them). */
  groups?: boolean;
  /** Adds what else the unit must carry (the notifications its transitions produce); may read the store. */
  complete?: (unit: UnitOfWork, batch: Batch) => Promise<void>;
}

/**
 * Pipeline stage: writes the batch (raw events, alerts, incidents, timeline, problems, and when the
 * store `commitsGroups`, its correlation groups) as one atomic unit. Nothing is acknowledged to the
 * sender before `batch.durable` resolves (stores that sync off the event loop set it; others are
 * durable when this returns).
 */
export function commitStage(store: Store, options: CommitOptions = {}): Stage {
  const finish = options.finish ?? ((i: IncidentRecord) => i);
  return {
    name: 'commit',
    async run(batch: Batch): Promise<void> {
      const unit: UnitOfWork = {
        events: batch.events.filter((_, i) => !batch.duplicates.has(i)),
        alerts: [...batch.alerts.values()].filter((a) => a !== batch.state.alerts.get(a.fingerprint)),
        incidents: [...batch.incidents.values()]
          .filter((i) => i !== batch.state.incidents.get(i.id))
          .map(finish),
        timeline: batch.timeline,
        problems: [...batch.problems.values()],
      };
      // The refresh path's events and activity (alerts disjoint from the stages') go in the same unit.
      if (batch.refreshed) {
        unit.events = batch.refreshed.events.concat(unit.events);
        unit.refreshes = [...batch.refreshed.activity.values()];
      }
      if (options.groups) {
        const { dirty, deleted } = batchGroups(batch);
        if (dirty.size > 0 || deleted.length > 0) unit.groups = { save: [...dirty], delete: deleted };
      }
      if (options.complete) await options.complete(unit, batch);
      if (store.commitDurableLater) batch.durable = (await store.commitDurableLater(unit)).durable;
      else await store.commit(unit);
    },
  };
}
