import type { IncidentRecord, TimelineEntry } from '../model/records.js';
import type { VigilMetrics } from './vigil-metrics.js';

/**
 * Feeds one committed timeline entry into the lifecycle metrics: transitions by action, MTTA on
 * the first acknowledgement, MTTR on resolution. Shared by the pipeline and the API actions.
 */
export function observeIncidentChange(
  metrics: VigilMetrics,
  incident: IncidentRecord,
  entry: TimelineEntry,
): void {
  if (entry.action === 'classified') return;
  metrics.incidentTransitions.inc({ action: entry.action });
  if (entry.action === 'acknowledge' && incident.acknowledgedAt === entry.at) {
    metrics.timeToAcknowledge.observe(
      { priority: incident.priority },
      (entry.at - incident.createdAt) / 1000,
    );
  }
  if (entry.toStatus === 'resolved' && entry.fromStatus !== 'resolved') {
    metrics.timeToResolve.observe({ priority: incident.priority }, (entry.at - incident.createdAt) / 1000);
  }
}
