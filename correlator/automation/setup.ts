import type { AutomationCatalog } from './catalog.js';
import type { RemoteRunner } from './remote-runner.js';
import type { AutomationRule } from './rule.js';

/** Automation as `createCorrelator` takes it: loaded rules, the allow-list and the knobs. */
export interface AutomationSetup {
  rules: readonly AutomationRule[];
  catalog: AutomationCatalog;
  /** The SSH seam for runbook actions; null until an SSH client is plugged in. */
  remote?: RemoteRunner | null;
  maxConcurrent?: number;
  maxOutputBytes?: number;
  dryRun?: boolean;
}
