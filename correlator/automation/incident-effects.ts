import type { IncidentChange } from '../incidents/incident-ops.js';
import type { EscalationPolicy } from '../incidents/policy.js';
import { isOpenStatus } from '../model/itil.js';
import type { IncidentRecord, TimelineEntry } from '../model/records.js';
import type { ChangeRecord } from './change.js';

const ACTOR = 'automation';

/** A timeline entry about a change, leaving the incident's status as it is. Pure. */
export function noteChange(
  incident: IncidentRecord,
  action: string,
  detail: string,
  now: number,
): IncidentChange {
  const entry: TimelineEntry = {
    at: now,
    actor: ACTOR,
    action,
    fromStatus: incident.status,
    toStatus: incident.status,
    detail,
  };
  return { incident: { ...incident, updatedAt: now }, entries: [entry] };
}

/** How a change is named on a timeline: `CHG-000001 (rule restart-nginx, ssh:restart-service)`. */
export function describeChange(change: ChangeRecord): string {
  return `${change.id} (rule ${change.rule}, ${change.action})`;
}

/**
 * The incident after a change failed to fix it: an `automation_failed` entry and, while it is
 * still open, one escalation level up (to that level's group, as `incidents.escalation.levels`
 * says), explained by an `escalated` entry. Not an SLA breach, so `breaches` is left alone. Pure.
 */
export function escalateAfterFailure(
  incident: IncidentRecord,
  change: ChangeRecord,
  policy: EscalationPolicy,
  now: number,
): IncidentChange {
  const failed = noteChange(
    incident,
    'automation_failed',
    `${describeChange(change)}: ${change.detail}`,
    now,
  );
  if (!isOpenStatus(incident.status)) return failed;
  const level = incident.escalationLevel + 1;
  const group = policy.levels[level - 1]?.group ?? incident.assignmentGroup;
  const moved = group === incident.assignmentGroup ? `stays with ${group}` : `reassigned to ${group}`;
  return {
    incident: { ...failed.incident, escalationLevel: level, assignmentGroup: group },
    entries: [
      ...failed.entries,
      {
        at: now,
        actor: ACTOR,
        action: 'escalated',
        fromStatus: incident.status,
        toStatus: incident.status,
        detail: `automation could not fix it (${change.id}); escalated to level ${level}, ${moved}`,
      },
    ],
  };
}
