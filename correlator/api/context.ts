import type { Registry } from 'prom-client';
import type { RegistrationRule } from '../agents/registration.js';
import type { ChangeRecord } from '../automation/change.js';
import type { Clock } from '../clock/clock.js';
import type { Cmdb } from '../cmdb/cmdb.js';
import type { RuleReloader } from '../correlation/rule-reloader.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { OutageTracker } from '../sla/outage-tracker.js';
import type { ServiceDefinition } from '../sla/service-definition.js';
import type { ChangeStore } from '../store/change-store.js';
import type { Store } from '../store/contract.js';
import type { SlaStore } from '../store/sla-store.js';
import type { EventSink } from '../stream/stream-ingest.js';
import type { Maintenance } from '../suppression/maintenance/maintenance.js';
import type { Silences } from '../suppression/silences.js';
import type { TokenConfig } from './auth.js';
import type { NotificationsContext } from './routes/notifications.js';

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
  /** Services and their outages, when the store keeps outages (SLA reports). */
  sla?: { services: readonly ServiceDefinition[]; tracker: OutageTracker; store: Store & SlaStore };
  /** Silences, when the store keeps suppression state (`SuppressionStore`); their routes exist only then. */
  silences?: Silences;
  /** Maintenance windows, under the same condition as silences. */
  maintenance?: Maintenance;
  /** Refreshes gauges that read state at scrape time (open incidents, CI counts, CI up). */
  refreshGauges: () => Promise<void>;
  /** Reloads the correlation rules (`POST /api/v1/rules/reload`). */
  rules: RuleReloader;
  /** Change records (automation runs); absent when the store keeps none. */
  changes?: ChangeStore | null;
  /** Decides changes waiting for approval; absent when automation is not running. */
  automation?: ChangeApprover | null;
  /** Server-side agent registration rules (config `registration`); none: agents are only recorded. */
  registration?: readonly RegistrationRule[];
  /** The notification outbox, when the store keeps one; its routes exist only then. */
  notifications?: NotificationsContext;
  /**
   * Where ingest adapters hand accepted batches: `vigil server` appends them to the Redis ingest
   * stream; absent (`vigil run`), they go through the pipeline before the answer.
   */
  ingest?: EventSink;
}

/** The ingest sink of an adapter: the configured one, else the pipeline itself. */
export function ingestSink(ctx: ApiContext, via: Parameters<EventSink>[1]) {
  return (events: Parameters<EventSink>[0]) =>
    ctx.ingest ? ctx.ingest(events, via) : ctx.pipeline.ingest(events);
}

/** The operator's side of the approval guardrail (the automation engine implements it). */
export interface ChangeApprover {
  approve(id: string, actor: string, note: string | null): Promise<ChangeRecord>;
  reject(id: string, actor: string, note: string | null): Promise<ChangeRecord>;
}
