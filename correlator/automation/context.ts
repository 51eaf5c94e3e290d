import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { IncidentChange } from '../incidents/incident-ops.js';
import type { EscalationPolicy } from '../incidents/policy.js';
import type { IncidentRecord } from '../model/records.js';
import type { SerialQueue } from '../pipeline/serial-queue.js';
import type { ChangeStore } from '../store/change-store.js';
import type { Store } from '../store/contract.js';
import type { AutomationCatalog } from './catalog.js';
import type { AutomationMetrics } from './metrics.js';
import type { RemoteRunner } from './remote-runner.js';
import type { AutomationRule } from './rule.js';

/** Changes stored incidents on automation's behalf: the pipeline's `amendIncident`. */
export interface IncidentAmender {
  amendIncident(
    id: string,
    decide: (incident: IncidentRecord, now: number) => IncidentChange | null,
  ): Promise<IncidentRecord | null>;
}

/** What the automation engine is built from. */
export interface AutomationDeps {
  rules: readonly AutomationRule[];
  catalog: AutomationCatalog;
  store: Store & ChangeStore;
  incidents: IncidentAmender;
  clock: Clock;
  metrics: AutomationMetrics;
  escalation: EscalationPolicy;
  /** The SSH seam; null until an SSH client is plugged in (runbook actions then fail, recorded). */
  remote?: RemoteRunner | null;
  /** Changes running at once at most (default 4). */
  maxConcurrent?: number;
  /** Bytes of stdout and of stderr kept per run (default 64 KiB). */
  maxOutputBytes?: number;
  /** Every rule renders and records only (default false). */
  dryRun?: boolean;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** The engine's shared working state, handed to the files that implement its parts. */
export interface EngineCore {
  readonly deps: AutomationDeps;
  readonly rules: ReadonlyMap<string, AutomationRule>;
  /** Every state transition of a change runs here, one at a time; actions run outside it. */
  readonly queue: SerialQueue;
  /** Actions executing now (the concurrency guardrail's count). */
  running: number;
  /** Keeps track of background work so `idle()` can wait for it; logs its failure. */
  track(work: Promise<unknown>): void;
}
