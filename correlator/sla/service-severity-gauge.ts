import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import { severityRank } from '../model/severity.js';
import type { Store } from '../store/contract.js';
import { type ServiceSource, serviceHealth } from './service-health.js';

/**
 * Sets `vigil_service_severity` at scrape time: per configured service (a bounded label set) the
 * rank of the highest severity among the open incidents on its member CIs, 0 when there are none,
 * so Grafana can colour services with value mappings and alert on `>= 4`.
 */
export async function refreshServiceSeverity(
  metrics: VigilMetrics,
  store: Pick<Store, 'listIncidents' | 'getAlert'>,
  source: ServiceSource,
): Promise<void> {
  metrics.serviceSeverity.reset();
  for (const service of await serviceHealth(store, source))
    metrics.serviceSeverity.set(
      { service: service.name },
      service.severity ? severityRank(service.severity) : 0,
    );
}
