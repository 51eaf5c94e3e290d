import type { IdAllocator } from '../incidents/id-allocator.js';
import type { IncidentChange } from '../incidents/incident-ops.js';
import type { ProblemPolicy } from '../incidents/policy.js';
import { decideProblem, linkToProblem, openProblem } from '../incidents/problems.js';
import type { IncidentRecord, ProblemRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import type { Batch, Stage } from './batch.js';
import { withReason } from './dedup.js';

/** Most recent incidents of one check on one resource read to decide about a problem. */
const RECENT_LIMIT = 1000;

/**
 * Pipeline stage (after `incident`): each incident the batch opened or reopened is linked to the
 * live problem of its alert's check and resource, or opens one when it is the N-th recent
 * incident there (`decideProblem`). Links are timeline entries; the alert gets a reason.
 */
export function problemStage(deps: { store: Store; policy: ProblemPolicy; ids: IdAllocator }): Stage {
  const { store, policy, ids } = deps;
  return {
    name: 'problem',
    async run(batch: Batch): Promise<void> {
      if (batch.recurred.length === 0) return;
      // The live problem of each key as this batch leaves it (null: none).
      const live = new Map<string, ProblemRecord | null>();
      // Ids of the batch's incidents by resource and check, built once (this stage creates none).
      const inBatch = new Map<string, string[]>();
      for (const i of batch.incidents.values()) {
        if (i.resource === undefined || i.check === undefined) continue;
        const key = `${i.resource}\u0000${i.check}`;
        const ids = inBatch.get(key) ?? [];
        ids.push(i.id);
        inBatch.set(key, ids);
      }
      const apply = (change: IncidentChange) => {
        batch.incidents.set(change.incident.id, change.incident);
        for (const entry of change.entries) batch.timeline.push({ incidentId: change.incident.id, entry });
      };
      for (const { incidentId, fingerprint } of batch.recurred) {
        const incident = batch.incidents.get(incidentId);
        const alert = batch.alerts.get(fingerprint);
        if (!incident || !alert) continue;
        const { resource, check } = alert;
        const key = `${resource}\u0000${check}`;
        if (!live.has(key)) live.set(key, await store.findOpenProblem(resource, check));
        const problem = live.get(key) ?? null;
        const recent =
          problem || incident.problemId !== null
            ? []
            : await recentIncidents(
                store,
                batch,
                inBatch.get(key) ?? [],
                resource,
                check,
                batch.now - policy.recurrenceWindowMs,
              );
        const decision = decideProblem({ incident, live: problem, recent, policy, now: batch.now });
        const note = (reason: string, detail: string) => {
          alert.reasons = withReason(alert.reasons, { at: batch.now, by: 'problem', reason, detail });
        };
        if (decision.kind === 'link') {
          const linked = linkToProblem(decision.problem, incident, batch.now);
          apply(linked.change);
          batch.problems.set(linked.problem.id, linked.problem);
          live.set(key, linked.problem);
          note('problem_linked', linked.problem.id);
          if (linked.workaround !== null) {
            note('workaround_attached', `${linked.problem.id}: ${linked.workaround}`);
            batch.knownErrorMatches++;
          }
        } else if (decision.kind === 'open') {
          const [id] = await ids.take(1);
          const opened = openProblem(id!, { resource, check }, decision.incidents, batch.now);
          for (const change of opened.changes) apply(change);
          batch.problems.set(opened.problem.id, opened.problem);
          live.set(key, opened.problem);
          batch.problemsOpened++;
          note('problem_opened', `${opened.problem.id}: ${decision.incidents.length} incidents`);
        }
      }
    },
  };
}

/**
 * Incidents of `check` on `resource` created since `since`: the stored ones (as this batch changed
 * them, if it did) plus those of the batch with that key (`batchIds`).
 */
async function recentIncidents(
  store: Store,
  batch: Batch,
  batchIds: readonly string[],
  resource: string,
  check: string,
  since: number,
): Promise<IncidentRecord[]> {
  const byId = new Map<string, IncidentRecord>();
  for (const stored of await store.incidentsByKey(resource, check, since, RECENT_LIMIT)) {
    byId.set(stored.id, batch.incidents.get(stored.id) ?? stored);
  }
  for (const id of batchIds) {
    const i = batch.incidents.get(id);
    if (i && i.createdAt >= since) byId.set(i.id, i);
  }
  return [...byId.values()];
}
