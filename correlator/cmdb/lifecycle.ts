import type { CiState } from '../model/itil.js';
import type { CiRecord } from '../model/records.js';

/**
 * When discovered CIs that stop being observed go `missing` and then `retired` (CMDB issue
 * "Lifecycle"). Times in milliseconds.
 */
export interface LifecyclePolicy {
  /** How often collectors are expected to observe a CI. */
  readonly observationIntervalMs: number;
  /** Missed observations after which a CI is `missing`. */
  readonly missingAfter: number;
  /** Time without an observation after which a CI is `retired`. */
  readonly retireAfterMs: number;
}

/** One hour between inventories, missing after 3 missed, retired after 30 days. */
export const DEFAULT_LIFECYCLE: LifecyclePolicy = {
  observationIntervalMs: 60 * 60_000,
  missingAfter: 3,
  retireAfterMs: 30 * 24 * 60 * 60_000,
};

/** Sources whose CIs are maintained by hand and never go missing for lack of observations. */
export const MANUAL_SOURCES: ReadonlySet<string> = new Set(['api']);

/**
 * The lifecycle state a CI should be in at `now`, from how long ago it was last observed. Pure:
 * `discovered` and `active` CIs go `missing` after `missingAfter` whole observation intervals,
 * anything not yet retired is `retired` after `retireAfterMs`; retired CIs stay retired until
 * observed again (reconciliation makes them `active`). CIs only ever entered by hand keep their state.
 */
export function lifecycleState(ci: CiRecord, now: number, policy: LifecyclePolicy): CiState {
  if (ci.state === 'retired') return 'retired';
  if (ci.sources.every((s) => MANUAL_SOURCES.has(s))) return ci.state;
  const silence = now - ci.lastSeen;
  if (silence >= policy.retireAfterMs) return 'retired';
  const missed = Math.floor(silence / policy.observationIntervalMs);
  if (missed >= policy.missingAfter) return 'missing';
  return ci.state;
}
