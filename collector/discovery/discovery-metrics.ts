import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Metrics of scheduled discovery, labelled by sweep (`job`, a bounded set from the config). */
export interface DiscoveryMetrics {
  sweeps: Counter<'job' | 'outcome'>;
  skipped: Counter<'job'>;
  devices: Gauge<'job'>;
  duration: Histogram<'job'>;
}

/** Builds the discovery metrics in the registry it is given (no global registry). */
export function createDiscoveryMetrics(registry: Registry): DiscoveryMetrics {
  return {
    sweeps: new Counter({
      name: 'vigil_discovery_sweeps_total',
      help: 'Scheduled discovery sweeps by job and outcome (completed, failed, cancelled).',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    skipped: new Counter({
      name: 'vigil_discovery_sweeps_skipped_total',
      help: 'Scheduled sweep starts passed over: the previous sweep of the job still ran, or (vigil server) no replica could sweep them.',
      labelNames: ['job'] as const,
      registers: [registry],
    }),
    devices: new Gauge({
      name: 'vigil_discovery_devices',
      help: 'Devices found by the last completed sweep of the job.',
      labelNames: ['job'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'vigil_discovery_sweep_duration_seconds',
      help: 'Wall time of scheduled discovery sweeps (probe, link and CMDB write).',
      labelNames: ['job'] as const,
      buckets: [1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
  };
}
