import { observeIncidentChange } from '../metrics/incident-observer.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { Batch, Stage } from './batch.js';
import { allReceipts } from './refresh-path.js';

/** Pipeline stage: counts what the committed batch did. Runs after commit, so counts never lie. */
export function metricsStage(metrics: VigilMetrics): Stage {
  return {
    name: 'metrics',
    async run(batch: Batch): Promise<void> {
      // Counted per label value and added once: a counter increment hashes its labels, and a
      // batch of 1,000 events has a handful of sources and reasons.
      const received = new Tally();
      batch.events.forEach((event, i) => {
        if (!batch.duplicates.has(i)) received.add(event.source);
      });
      for (const event of batch.refreshed?.events ?? []) received.add(event.source);
      if (batch.refreshed) metrics.eventsRefreshed.inc(batch.refreshed.events.length);
      for (const [source, n] of received) metrics.eventsReceived.inc({ source }, n);
      const deduplicated = new Tally();
      for (const { decision } of allReceipts(batch)) {
        if (decision === 'repeat' || decision === 'out_of_order' || decision === 'duplicate_id') {
          deduplicated.add(decision);
        }
      }
      for (const [reason, n] of deduplicated) metrics.eventsDeduplicated.inc({ reason }, n);
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

/** Occurrences per label value, so a counter is incremented once per value instead of once per event. */
class Tally extends Map<string, number> {
  add(value: string): void {
    this.set(value, (this.get(value) ?? 0) + 1);
  }
}
