import type { Impact } from '../model/itil.js';
import type { Store } from '../store/contract.js';
import { IMPACT_DEPTH, IMPACT_LIMIT } from './ci-resolver.js';

/** Dependent-CI counts from which impact is global or department (config incidents.impactThresholds). */
export interface ImpactThresholds {
  readonly global: number;
  readonly department: number;
}

/** The impact defaults of the config schema. */
export const DEFAULT_IMPACT_THRESHOLDS: ImpactThresholds = { global: 10, department: 3 };

/** The impact level of a failure of a CI with `dependents` dependent CIs. */
export function impactLevel(dependents: number, thresholds: ImpactThresholds): Impact {
  if (dependents >= thresholds.global) return 'global';
  if (dependents >= thresholds.department) return 'department';
  return 'local';
}

/**
 * What a failure of a CI affects: every CI depending on it transitively (runs_on, depends_on), and
 * the impact level incidents on it get. The same count the incident classifier uses, so the API
 * explains an incident's impact.
 */
export async function impactOf(
  store: Store,
  ciId: string,
  thresholds: ImpactThresholds,
): Promise<{ dependents: string[]; truncated: boolean; impact: Impact }> {
  const dependents = await store.dependentsOf(ciId, IMPACT_DEPTH, IMPACT_LIMIT);
  return {
    dependents,
    truncated: dependents.length >= IMPACT_LIMIT,
    impact: impactLevel(dependents.length, thresholds),
  };
}
