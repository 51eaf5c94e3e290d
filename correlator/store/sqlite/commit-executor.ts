import type Database from 'better-sqlite3';
import { StoreConflictError } from '../contract.js';
import type { ActivityJournal, ActivityRow } from './activity-journal.js';
import type { CommitPlan } from './commit-plan.js';
import type { prepare } from './statements.js';

/**
 * Runs commit plans against one connection, each in one IMMEDIATE transaction (the write lock is
 * taken at BEGIN, so another process writing the same file makes it wait on busy_timeout instead
 * of failing on a stale snapshot). A record changed or created meanwhile throws
 * `StoreConflictError` and rolls the whole plan back. The activity of known alerts goes to the
 * write-behind `journal` (checked against the plan's cached copies), not to their rows; the
 * executor returns what `journal.append` returns, for `journal.committed`.
 */
export function commitExecutor(
  db: Database.Database,
  s: ReturnType<typeof prepare>,
  journal: ActivityJournal,
): (plan: CommitPlan) => Array<ActivityRow | undefined> {
  const tx = db.transaction((plan: CommitPlan) => {
    for (const [id, receivedAt] of plan.clientIds) s.insertClientId.run(id, receivedAt);
    if (plan.eventBatch) s.insertEventBatch.run(...plan.eventBatch);
    for (const [fingerprint, count, first, last, expires, state, resource, doc] of plan.newAlerts) {
      if (s.insertActivity.run(fingerprint, count, first, last, expires).changes === 0)
        throw new StoreConflictError(`alert ${fingerprint}`);
      s.insertAlert.run(fingerprint, state, resource, doc);
    }
    const pendingBefore = journal.append(plan.alertActivity, plan.activityBefore);
    for (const row of plan.alertDocs) s.updateAlert.run(...row);
    for (const row of plan.newIncidents) {
      // An existing id means another writer created it meanwhile: a conflict, like a stale update.
      if (s.insertIncident.run(...row).changes === 0) throw new StoreConflictError(`incident ${row[0]}`);
    }
    for (const row of plan.incidentUpdates) {
      if (s.updateIncident.run(...row.slice(0, 8)).changes === 0)
        throw new StoreConflictError(`incident ${row[8]}`);
    }
    for (const row of plan.timeline) s.insertTimeline.run(...row);
    // A second live problem for the same key is ignored by the unique open_key: a conflict too.
    for (const row of plan.newProblems) {
      if (s.insertProblem.run(...row).changes === 0) throw new StoreConflictError(`problem ${row[0]}`);
    }
    for (const row of plan.problemUpdates) {
      if (s.updateProblem.run(...row.slice(0, 5)).changes === 0)
        throw new StoreConflictError(`problem ${row[5]}`);
    }
    // Saves, then deletes: a transient wait started and ended in one unit is gone afterwards.
    for (const row of plan.groupSaves) s.saveGroup.run(...row);
    for (const row of plan.groupDeletes) s.deleteGroup.run(...row);
    // An id already queued is the same notification: the unit stays idempotent.
    for (const row of plan.notifications) s.insertNotification.run(...row);
    return pendingBefore;
  });
  return (plan) => tx.immediate(plan);
}
