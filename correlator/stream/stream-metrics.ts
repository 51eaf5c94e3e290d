import { Counter, Gauge, type Registry } from 'prom-client';

/** The metrics of distributed mode, built on the correlator's registry (one set per replica). */
export function createStreamMetrics(registry: Registry) {
  return {
    appended: new Counter({
      name: 'vigil_stream_appended_events_total',
      help: 'Events appended to the Redis ingest stream by this replica, by adapter.',
      labelNames: ['via'] as const,
      registers: [registry],
    }),
    refused: new Counter({
      name: 'vigil_stream_refused_batches_total',
      help: 'Ingest batches refused with 503 because the ingest stream was full (store.stream.maxLength).',
      registers: [registry],
    }),
    processed: new Counter({
      name: 'vigil_stream_processed_entries_total',
      help: 'Ingest stream entries this replica ran through the pipeline and acknowledged (XACK).',
      registers: [registry],
    }),
    claimed: new Counter({
      name: 'vigil_stream_claimed_entries_total',
      help: 'Pending entries of other (dead or stalled) replicas this replica claimed (XAUTOCLAIM).',
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'vigil_stream_dead_lettered_entries_total',
      help: 'Entries no replica can process (malformed or refused by validation), moved to the dead-letter stream.',
      registers: [registry],
    }),
    failures: new Counter({
      name: 'vigil_stream_failures_total',
      help: 'Rounds of the stream consumer that failed (Redis unreachable, store errors); entries stay pending and are retried.',
      registers: [registry],
    }),
    leaseHeld: new Gauge({
      name: 'vigil_lease_held',
      help: '1 while this replica holds the timer lease (escalation, SLA, staleness and scheduled jobs run here), else 0.',
      registers: [registry],
    }),
    leaseToken: new Gauge({
      name: 'vigil_lease_fencing_token',
      help: 'Fencing token of the timer lease this replica holds or held last.',
      registers: [registry],
    }),
  };
}

/** The stream metrics as `createStreamMetrics` returns them. */
export type StreamMetrics = ReturnType<typeof createStreamMetrics>;
