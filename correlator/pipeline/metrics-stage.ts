import { observeIncidentChange } from '../metrics/incident-observer.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { Batch, Stage } from './batch.js';

/** Pipeline stage: counts what the committed batch did. Runs after commit, so counts never lie. */
export function metricsStage(metrics: VigilMetrics): Stage {
  return {
    name: 'metrics',
    async run(batch: Batch): Promise<void> {
      batch.events.forEach((event, i) => {
        if (!batch.duplicates.has(i)) metrics.eventsReceived.inc({ source: event.source });
      });
      for (const receipt of batch.receipts) {
        if (
          receipt.decision === 'repeat' ||
          receipt.decision === 'out_of_order' ||
          receipt.decision === 'duplicate_id'
        ) {
          metrics.eventsDeduplicated.inc({ reason: receipt.decision });
        }
      }
      for (const incident of batch.created) {
        metrics.incidentsCreated.inc({ priority: incident.priority, category: incident.category });
      }
      if (batch.problemsOpened > 0) metrics.problemsOpened.inc(batch.problemsOpened);
      if (batch.knownErrorMatches > 0) metrics.knownErrorMatches.inc(batch.knownErrorMatches);
      for (const { incidentId, entry } of batch.timeline) {
        const incident = batch.incidents.get(incidentId);
        if (incident) observeIncidentChange(metrics, incident, entry);
      }
    },
  };
}
