import type { IncidentRecord, TimelineEntry } from '../model/records.js';

/** One incident as just committed (with its stored version) and the timeline entries that changed it. */
export interface CommittedIncident {
  incident: IncidentRecord;
  entries: TimelineEntry[];
}

/**
 * Told about every incident change after it is durably committed (ingest batches, operator
 * actions, timers, amendments). Called synchronously inside the pipeline's queue: an observer
 * must only take note and do its work later, never wait on the pipeline from here.
 */
export interface IncidentObserver {
  incidentsCommitted(changes: readonly CommittedIncident[]): void;
}
