import type { Registry } from 'prom-client';
import type { Clock } from '../clock/clock.js';
import type { SuppressionStore } from '../store/suppression-store.js';
import { Silences } from './silences.js';
import { createSuppressionMetrics } from './suppression-metrics.js';
import { Suppressor } from './suppressor.js';

/**
 * Assembles suppression in one place (the correlator, tests and benches build the same thing):
 * the muters in the order they are consulted, the suppressor over them, and their metrics.
 */
export function buildSuppression(deps: {
  store: SuppressionStore;
  clock: Clock;
  registry: Registry;
  newId?: () => string;
}) {
  const silences = new Silences({ store: deps.store, clock: deps.clock, newId: deps.newId });
  const suppressor = new Suppressor([silences]);
  return { suppressor, silences, metrics: createSuppressionMetrics(deps.registry) };
}

/** What `buildSuppression` returns. */
export type Suppression = ReturnType<typeof buildSuppression>;
