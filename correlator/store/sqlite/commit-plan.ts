import type { FiringSummary } from '../../model/firing-summary.js';
import type { AlertRecord } from '../../model/records.js';
import type { ActivityRefresh, UnitOfWork } from '../contract.js';
import { settledAt } from '../outbox-store.js';
import type { ActivityRow, StoredActivity } from './activity-journal.js';
import { escalationDue, eventLogEntry, expiry, idNumber, onlyActivityChanged, openKey } from './rows.js';

type Sql = string | number | null;

/**
 * A unit of work flattened into the parameters of its SQL statements, documents already
 * serialised, so the transaction does nothing but statement runs and holds the write lock for as
 * short a time as possible.
 */
export interface CommitPlan {
  /** [id, receivedAt] of sender-chosen event ids. */
  clientIds: Array<[string, number]>;
  /** [receivedAt, count, body] of the event-log row, or null when the unit has no events. */
  eventBatch: [number, number, string] | null;
  /** New alerts: [fingerprint, count, firstSeen, lastSeen, expiresAt, state, resource, doc]. */
  newAlerts: Sql[][];
  /** Activity of known alerts, for the write-behind journal (`ActivityRow`). */
  alertActivity: ActivityRow[];
  /**
   * What the store holds in memory of each of those alerts (index-aligned): the read cache's copy,
   * or for a refresh its firing summary; undefined when neither is there. The journal checks
   * versions and expiries against it without looking each alert up again. The unit's refreshes
   * come last, in their order.
   */
  activityBefore: Array<StoredActivity | undefined>;
  /** Documents of known alerts that changed beyond activity: [state, resource, doc, fingerprint]. */
  alertDocs: Sql[][];
  /** [id, seq, status, priority, category, resolveDueAt, escalationDueAt, resource, check, createdAt, doc]. */
  newIncidents: Sql[][];
  /** [status, priority, category, resolveDueAt, escalationDueAt, doc, seq, version]; id last, for conflicts. */
  incidentUpdates: Sql[][];
  /** [incidentId, entry]. */
  timeline: Array<[string, string]>;
  /** [id, seq, state, openKey, doc]. */
  newProblems: Sql[][];
  /** [state, openKey, doc, seq, version, id]. */
  problemUpdates: Sql[][];
  /** Correlation groups saved: [rule, key, anchor, openedAt, doc]. */
  groupSaves: Sql[][];
  /** Correlation groups deleted: [rule, key, anchor]. */
  groupDeletes: Sql[][];
  /** Outbox rows: [id, incidentId, receiver, state, nextAttemptAt, createdAt, doc]. */
  notifications: Sql[][];
}

/**
 * Builds the plan of a unit. `stored` returns the alert as last committed (the read cache), so an
 * alert whose only change is its activity (count, last seen) rewrites its narrow row alone;
 * `summaryOf` returns the current firing summary of a refresh's alert, its stored state.
 */
export function planCommit(
  unit: UnitOfWork,
  stored: (fingerprint: string) => AlertRecord | undefined,
  summaryOf: (refresh: ActivityRefresh) => FiringSummary | undefined,
): CommitPlan {
  const plan: CommitPlan = {
    clientIds: [],
    eventBatch: null,
    newAlerts: [],
    alertActivity: [],
    activityBefore: [],
    alertDocs: [],
    newIncidents: [],
    incidentUpdates: [],
    timeline: [],
    newProblems: [],
    problemUpdates: [],
    groupSaves: [],
    groupDeletes: [],
    notifications: [],
  };
  if (unit.events.length > 0) {
    for (const e of unit.events) if (e.clientId) plan.clientIds.push([e.id, e.receivedAt]);
    plan.eventBatch = [
      unit.events[0]!.receivedAt,
      unit.events.length,
      JSON.stringify(unit.events.map(eventLogEntry)),
    ];
  }
  for (const a of unit.alerts) {
    const doc = () => JSON.stringify({ ...a, version: a.version + 1 });
    if (a.version === 0) {
      plan.newAlerts.push([
        a.fingerprint,
        a.count,
        a.firstSeen,
        a.lastSeen,
        expiry(a),
        a.state,
        a.resource,
        doc(),
      ]);
      continue;
    }
    const before = stored(a.fingerprint);
    plan.alertActivity.push([a.count, a.firstSeen, a.lastSeen, expiry(a), a.fingerprint, a.version, a.state]);
    plan.activityBefore.push(before);
    if (!onlyActivityChanged(before, a)) {
      plan.alertDocs.push([a.state, a.resource, doc(), a.fingerprint]);
    }
  }
  for (const r of unit.refreshes ?? []) {
    const summary = summaryOf(r);
    plan.alertActivity.push([
      r.count,
      r.firstSeen,
      r.lastSeen,
      r.expiresAt,
      r.fingerprint,
      r.version,
      'firing',
    ]);
    plan.activityBefore.push(summary);
  }
  for (const i of unit.incidents) {
    const doc = JSON.stringify({ ...i, version: i.version + 1 });
    if (i.version === 0) {
      plan.newIncidents.push([
        i.id,
        idNumber(i.id),
        i.status,
        i.priority,
        i.category,
        i.resolveDueAt,
        escalationDue(i),
        i.resource ?? null,
        i.check ?? null,
        i.createdAt,
        doc,
      ]);
    } else {
      plan.incidentUpdates.push([
        i.status,
        i.priority,
        i.category,
        i.resolveDueAt,
        escalationDue(i),
        doc,
        idNumber(i.id),
        i.version,
        i.id,
      ]);
    }
  }
  for (const t of unit.timeline) plan.timeline.push([t.incidentId, JSON.stringify(t.entry)]);
  for (const p of unit.problems ?? []) {
    const doc = JSON.stringify({ ...p, version: p.version + 1 });
    if (p.version === 0) plan.newProblems.push([p.id, idNumber(p.id), p.state, openKey(p), doc]);
    else plan.problemUpdates.push([p.state, openKey(p), doc, idNumber(p.id), p.version, p.id]);
  }
  for (const g of unit.groups?.save ?? [])
    plan.groupSaves.push([g.rule, g.key, g.anchor, g.openedAt, JSON.stringify(g)]);
  for (const g of unit.groups?.delete ?? []) plan.groupDeletes.push([g.rule, g.key, g.anchor]);
  for (const n of unit.notifications ?? []) {
    plan.notifications.push([
      n.id,
      n.incidentId,
      n.receiver,
      n.state,
      n.nextAttemptAt,
      n.createdAt,
      settledAt(n),
      JSON.stringify(n),
    ]);
  }
  return plan;
}
