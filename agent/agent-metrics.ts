import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Spool } from './spool/spool.js';

/**
 * The agent's own metrics, on its own registry (never the global one): what it spooled, shipped,
 * dropped and failed, and how full the spool is (read at scrape time).
 */
export function createAgentMetrics(registry: Registry, spool: Spool) {
  const registers = [registry];
  return {
    eventsSpooled: new Counter({
      name: 'vigil_agent_events_spooled_total',
      help: 'Events written to the spool (probe, threshold rules and local relay).',
      registers,
    }),
    shipped: new Counter({
      name: 'vigil_agent_shipped_total',
      help: 'Items delivered to the correlator (events, observation batches, registrations), by kind.',
      labelNames: ['kind'],
      registers,
    }),
    deliveryFailures: new Counter({
      name: 'vigil_agent_delivery_failures_total',
      help: 'Failed deliveries by outcome: retry (unreachable, timeout, 5xx, 429) or auth (401/403).',
      labelNames: ['outcome'],
      registers,
    }),
    rejected: new Counter({
      name: 'vigil_agent_rejected_total',
      help: 'Items the correlator refused for good (4xx other than 401/403), dropped, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    droppedEvents: new Counter({
      name: 'vigil_agent_spool_dropped_events_total',
      help: 'Events dropped, oldest first, because the spool reached agent.spool.maxBytes.',
      registers,
    }),
    corruptSegments: new Counter({
      name: 'vigil_agent_spool_corrupt_segments_total',
      help: 'Spool segments found with a damaged tail at start (set aside as .corrupt).',
      registers,
    }),
    spoolBytes: new Gauge({
      name: 'vigil_agent_spool_bytes',
      help: 'Bytes of spool segments on disk.',
      registers,
      collect() {
        this.set(spool.bytes);
      },
    }),
    spoolPending: new Gauge({
      name: 'vigil_agent_spool_pending_items',
      help: 'Items spooled and not yet delivered: events, plus one per observation batch or registration.',
      registers,
      collect() {
        this.set(spool.pendingItems);
      },
    }),
    lastDelivery: new Gauge({
      name: 'vigil_agent_last_delivery_timestamp_seconds',
      help: 'When the correlator last accepted a delivery, Unix seconds.',
      registers,
    }),
    probeDuration: new Histogram({
      name: 'vigil_agent_probe_duration_seconds',
      help: 'Duration of a host probe cycle.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    probeErrors: new Counter({
      name: 'vigil_agent_probe_errors_total',
      help: 'Failed probe calls, by call.',
      labelNames: ['call'],
      registers,
    }),
  };
}

/** The agent's metric set. */
export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
