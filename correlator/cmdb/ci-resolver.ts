import type { CiContext } from '../incidents/classify.js';
import type { AlertRecord } from '../model/records.js';
import type { CiResolver } from '../pipeline/incident-stage.js';
import type { Store } from '../store/contract.js';

/** How deep impact analysis follows `runs_on` / `depends_on` chains, and how many CIs it counts. */
export const IMPACT_DEPTH = 6;
export const IMPACT_LIMIT = 10_000;

/**
 * Binds an alert to its CI: the CI whose id is the alert's `ci` label, else the host or network
 * device named like the alert's resource; then counts its dependents for the impact. An alert
 * about an unknown resource still becomes an incident, with no CI and local impact.
 */
export function storeCiResolver(store: Store): CiResolver {
  return {
    async resolve(alert: AlertRecord): Promise<CiContext> {
      const byId = alert.labels['ci'] ? await store.getCi(alert.labels['ci']) : null;
      const ci =
        byId ??
        (await store.findCisByName(alert.resource)).find(
          (c) => c.class === 'host' || c.class === 'network_device',
        ) ??
        null;
      if (!ci) return { ciIds: [], ciClass: null, dependents: 0 };
      const dependents = await store.dependentsOf(ci.id, IMPACT_DEPTH, IMPACT_LIMIT);
      return { ciIds: [ci.id], ciClass: ci.class, dependents: dependents.length };
    },
    async related(a: string, b: string): Promise<boolean> {
      if (a === b) return true;
      const [ofA, ofB] = await Promise.all([
        store.dependentsOf(a, IMPACT_DEPTH, IMPACT_LIMIT),
        store.dependentsOf(b, IMPACT_DEPTH, IMPACT_LIMIT),
      ]);
      return ofA.includes(b) || ofB.includes(a);
    },
  };
}
