import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Buckets for time-to-acknowledge / time-to-resolve, 30 s to 1 week (seconds). */
const LIFECYCLE_BUCKETS = [30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200, 604_800];

/**
 * Every vigil metric, built on a registry passed in (never the global one) so several apps can
 * live in one process (tests) and each component gets its handles from here. Label sets are bounded:
 * source, reason, priority, category, probe, CI class/name of known CIs only.
 */
export function createVigilMetrics(registry: Registry) {
  const registers = [registry];
  return {
    eventsReceived: new Counter({
      name: 'vigil_events_received_total',
      help: 'Events accepted by ingest, by source.',
      labelNames: ['source'] as const,
      registers,
    }),
    eventsDeduplicated: new Counter({
      name: 'vigil_events_deduplicated_total',
      help: 'Events folded into an existing alert (repeat occurrences, replays and out-of-order events), by reason.',
      labelNames: ['reason'] as const,
      registers,
    }),
    eventsRefreshed: new Counter({
      name: 'vigil_events_refreshed_total',
      help: 'Repeats that only refreshed a firing alert (count, last seen, expiry) and took the refresh path past the correlation stages; also counted as deduplicated.',
      registers,
    }),
    eventsRejected: new Counter({
      name: 'vigil_events_rejected_total',
      help: 'Events or requests refused at ingest, by error code.',
      labelNames: ['reason'] as const,
      registers,
    }),
    incidentsCreated: new Counter({
      name: 'vigil_incidents_created_total',
      help: 'Incidents opened, by priority and category.',
      labelNames: ['priority', 'category'] as const,
      registers,
    }),
    incidentTransitions: new Counter({
      name: 'vigil_incident_transitions_total',
      help: 'Incident timeline actions (reopened, resolved, acknowledged, ...), by action.',
      labelNames: ['action'] as const,
      registers,
    }),
    incidentsOpen: new Gauge({
      name: 'vigil_incidents_open',
      help: 'Open incidents (not resolved or closed), by priority and category.',
      labelNames: ['priority', 'category'] as const,
      registers,
    }),
    timeToAcknowledge: new Histogram({
      name: 'vigil_incident_time_to_acknowledge_seconds',
      help: 'Time from incident creation to first acknowledgement (MTTA), by priority.',
      labelNames: ['priority'] as const,
      buckets: LIFECYCLE_BUCKETS,
      registers,
    }),
    timeToResolve: new Histogram({
      name: 'vigil_incident_time_to_resolve_seconds',
      help: 'Time from incident creation to resolution (MTTR), by priority.',
      labelNames: ['priority'] as const,
      buckets: LIFECYCLE_BUCKETS,
      registers,
    }),
    incidentEscalations: new Counter({
      name: 'vigil_incident_escalations_total',
      help: 'Incident escalations, by priority and the breach that caused them (response, resolution).',
      labelNames: ['priority', 'breach'] as const,
      registers,
    }),
    slaBreaches: new Counter({
      name: 'vigil_sla_breaches_total',
      help: 'Incident SLA targets breached (response: not acknowledged in time, resolution: not resolved in time), by priority.',
      labelNames: ['priority', 'target'] as const,
      registers,
    }),
    problemsOpened: new Counter({
      name: 'vigil_problems_opened_total',
      help: 'Problems opened because incidents of one check on one resource recurred.',
      registers,
    }),
    problemsOpen: new Gauge({
      name: 'vigil_problems_open',
      help: 'Problems not closed yet, by state (open, known_error, resolved).',
      labelNames: ['state'] as const,
      registers,
    }),
    knownErrorMatches: new Counter({
      name: 'vigil_known_error_matches_total',
      help: 'New or reopened incidents that matched a known error and got its workaround attached.',
      registers,
    }),
    ciUp: new Gauge({
      name: 'vigil_ci_up',
      help: '1 when the CI is reachable and reporting, 0 when it is down or its data went stale.',
      labelNames: ['ci', 'class'] as const,
      registers,
    }),
    ciCount: new Gauge({
      name: 'vigil_cmdb_cis',
      help: 'Configuration items in the CMDB, by class and lifecycle state.',
      labelNames: ['class', 'state'] as const,
      registers,
    }),
    ciChanges: new Counter({
      name: 'vigil_cmdb_changes_total',
      help: 'CI attribute changes recorded in the CMDB, by CI class and source.',
      labelNames: ['class', 'source'] as const,
      registers,
    }),
    unauthorizedChanges: new Counter({
      name: 'vigil_cmdb_unauthorized_changes_total',
      help: 'CI attribute changes that no change record covered (config.unauthorized_change events), by CI class.',
      labelNames: ['class'] as const,
      registers,
    }),
    serviceUp: new Gauge({
      name: 'vigil_service_up',
      help: '1 when the service (config services) is up by its roll-up rule, 0 when down.',
      labelNames: ['service'] as const,
      registers,
    }),
    serviceSeverity: new Gauge({
      name: 'vigil_service_severity',
      help: 'Highest severity among the open incidents on the service members: 0 none, 1 info, 2 warning, 3 minor, 4 major, 5 critical.',
      labelNames: ['service'] as const,
      registers,
    }),
    serviceAvailability: new Gauge({
      name: 'vigil_service_availability_ratio',
      help: 'Service availability 0..1 over a window (30d: rolling 30 days; month: the calendar month so far), business hours and maintenance applied.',
      labelNames: ['service', 'window'] as const,
      registers,
    }),
    slaTarget: new Gauge({
      name: 'vigil_sla_target_ratio',
      help: 'Availability target 0..1 of the service SLA.',
      labelNames: ['service'] as const,
      registers,
    }),
    slaErrorBudget: new Gauge({
      name: 'vigil_sla_error_budget_remaining_ratio',
      help: 'Share of the SLA error budget left in the current SLA period: 1 untouched, 0 spent, negative overspent.',
      labelNames: ['service'] as const,
      registers,
    }),
    slaAvailabilityMet: new Gauge({
      name: 'vigil_sla_availability_met',
      help: '1 while the service meets its availability target in the current SLA period, 0 once breached.',
      labelNames: ['service'] as const,
      registers,
    }),
    probeDuration: new Histogram({
      name: 'vigil_probe_duration_seconds',
      help: 'Wall time of one probe cycle, by probe.',
      labelNames: ['probe'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    probeErrors: new Counter({
      name: 'vigil_probe_errors_total',
      help: 'Failed probe calls, by probe and call.',
      labelNames: ['probe', 'call'] as const,
      registers,
    }),
    ingestBatchDuration: new Histogram({
      name: 'vigil_ingest_batch_duration_seconds',
      help: 'Time from receiving an event batch to it being durably stored and correlated.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'vigil_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    }),
  };
}

/** The handles returned by `createVigilMetrics`. */
export type VigilMetrics = ReturnType<typeof createVigilMetrics>;
