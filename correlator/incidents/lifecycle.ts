import { VigilError } from '../errors/vigil-error.js';
import type { IncidentStatus } from '../model/itil.js';
import type { IncidentRecord, TimelineEntry } from '../model/records.js';

/** The operator actions of the API (DESIGN.md incident actions). */
export type IncidentAction =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; group?: string; assignee?: string }
  | { kind: 'resolve'; note?: string }
  | { kind: 'close'; note?: string }
  | { kind: 'note'; text: string };

/** Result of a transition: the new record and the timeline entry explaining it. */
export interface Transition {
  incident: IncidentRecord;
  entry: TimelineEntry;
}

const ALLOWED: Record<IncidentAction['kind'], ReadonlyArray<IncidentStatus>> = {
  acknowledge: ['new', 'assigned', 'in_progress'],
  assign: ['new', 'assigned', 'in_progress'],
  resolve: ['new', 'assigned', 'in_progress'],
  close: ['resolved'],
  note: ['new', 'assigned', 'in_progress', 'resolved', 'closed'],
};

const PAST: Record<IncidentAction['kind'], string> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  resolve: 'resolved',
  close: 'closed',
  note: 'annotated',
};

/**
 * Applies an operator action to an incident, or refuses it with VIGIL_ERR_INVALID_TRANSITION.
 * Pure: the caller stores the result. Acknowledging sets `acknowledgedAt` once (the MTTA clock).
 */
export function applyAction(
  incident: IncidentRecord,
  action: IncidentAction,
  actor: string,
  now: number,
): Transition {
  if (!ALLOWED[action.kind].includes(incident.status)) {
    throw new VigilError('VIGIL_ERR_INVALID_TRANSITION', {
      id: incident.id,
      from: incident.status,
      action: PAST[action.kind],
    });
  }
  const next: IncidentRecord = { ...incident, updatedAt: now };
  let detail = '';
  switch (action.kind) {
    case 'acknowledge':
      next.status = 'in_progress';
      next.acknowledgedAt = incident.acknowledgedAt ?? now;
      next.assignee = incident.assignee ?? actor;
      detail = `acknowledged by ${actor}`;
      break;
    case 'assign':
      next.assignmentGroup = action.group ?? incident.assignmentGroup;
      next.assignee = action.assignee ?? null;
      next.status = incident.status === 'in_progress' ? 'in_progress' : 'assigned';
      detail = `assigned to ${next.assignmentGroup}${next.assignee ? ` / ${next.assignee}` : ''}`;
      break;
    case 'resolve':
      next.status = 'resolved';
      next.resolvedAt = now;
      next.resolveDueAt = null;
      detail = action.note ?? 'resolved by operator';
      break;
    case 'close':
      next.status = 'closed';
      next.closedAt = now;
      detail = action.note ?? 'closed';
      break;
    case 'note':
      detail = action.text;
      break;
  }
  const entry: TimelineEntry = {
    at: now,
    actor,
    action: action.kind,
    fromStatus: incident.status,
    toStatus: next.status,
    detail,
  };
  return { incident: next, entry };
}
