import type { ChangeWindowLookup, CoveringChange } from '../cmdb/change-window.js';
import type { ChangeStore } from '../store/change-store.js';
import type { ChangeState } from './change.js';

/** Change states that never touched the CI: they authorise nothing. */
const INERT: ReadonlySet<ChangeState> = new Set(['pending_approval', 'rejected', 'dry_run']);

/** How many of a CI's newest changes are examined for one lookup. */
const SCAN_LIMIT = 200;

/**
 * The CMDB's change-window seam backed by the automation's change records: a change covers a CI
 * from its creation to its end (or to now while it still runs), so an attribute change the CMDB
 * observes in that window is authorised.
 */
export function changeWindowFromStore(store: ChangeStore, now: () => number): ChangeWindowLookup {
  return {
    async coveringChanges(ciId: string, from: number, to: number): Promise<CoveringChange[]> {
      const page = await store.listChanges({ ciId, limit: SCAN_LIMIT });
      const covering: CoveringChange[] = [];
      for (const change of page.items) {
        if (INERT.has(change.state)) continue;
        const start = change.startedAt ?? change.createdAt;
        const end = change.finishedAt ?? now();
        if (start <= to && end >= from) covering.push({ id: change.id, from: start, to: end });
      }
      return covering;
    },
  };
}
