import type { Registry } from 'prom-client';
import type { InhibitRuleConfig } from '../../config/suppression-config.js';
import type { Clock } from '../clock/clock.js';
import type { Store } from '../store/contract.js';
import type { SuppressionStore } from '../store/suppression-store.js';
import { Inhibitor } from './inhibitor.js';
import { Maintenance } from './maintenance/maintenance.js';
import type { MaintenanceWindowRecord } from './maintenance/window.js';
import { Silences } from './silences.js';
import { createSuppressionMetrics } from './suppression-metrics.js';
import { SuppressionTimer } from './suppression-timer.js';
import { Suppressor } from './suppressor.js';
import { Topology, type TopologyOptions } from './topology.js';

/**
 * Assembles suppression in one place (the correlator, tests and benches build the same thing):
 * the muters in the order they are consulted, the suppressor over them, and their metrics.
 */
export function buildSuppression(deps: {
  store: SuppressionStore & Store;
  clock: Clock;
  registry: Registry;
  newId?: () => string;
  /** Maintenance windows from the config file (read-only). */
  maintenance?: readonly MaintenanceWindowRecord[];
  /** Inhibition rules from the config file. */
  inhibit?: readonly InhibitRuleConfig[];
  /** Topology suppression; off when absent. */
  topology?: TopologyOptions | null;
}) {
  const silences = new Silences({ store: deps.store, clock: deps.clock, newId: deps.newId });
  const maintenance = new Maintenance({ store: deps.store, clock: deps.clock, windows: deps.maintenance });
  const inhibitor = new Inhibitor({ store: deps.store, rules: deps.inhibit ?? [] });
  const topology = deps.topology ? new Topology({ store: deps.store, options: deps.topology }) : null;
  const suppressor = new Suppressor([maintenance, silences, inhibitor, ...(topology ? [topology] : [])]);
  const timer = new SuppressionTimer({ store: deps.store, suppressor, timers: [maintenance] });
  return { suppressor, silences, maintenance, timer, metrics: createSuppressionMetrics(deps.registry) };
}

/** What `buildSuppression` returns. */
export type Suppression = ReturnType<typeof buildSuppression>;
