import type { Registry } from 'prom-client';
import type { Clock } from '../clock/clock.js';
import type { Cmdb } from '../cmdb/cmdb.js';
import type { RuleReloader } from '../correlation/rule-reloader.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Store } from '../store/contract.js';
import type { TokenConfig } from './auth.js';

/** Everything the HTTP API is built from; `buildApp` takes it so tests can assemble their own. */
export interface ApiContext {
  store: Store;
  pipeline: Pipeline;
  cmdb: Cmdb;
  metrics: VigilMetrics;
  registry: Registry;
  clock: Clock;
  tokens: readonly TokenConfig[];
  limits: { bodyBytes: number; batchEvents: number };
  /** When true, `/metrics` needs a viewer token. */
  metricsAuth: boolean;
  /** Reports why the process is not ready (starting, stopping), or null when ready. */
  notReadyReason: () => string | null;
  /** Refreshes gauges that read state at scrape time (open incidents, CI counts, CI up). */
  refreshGauges: () => Promise<void>;
  /** Reloads the correlation rules (`POST /api/v1/rules/reload`). */
  rules: RuleReloader;
}
