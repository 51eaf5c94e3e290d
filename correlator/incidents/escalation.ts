import type { IncidentRecord, SlaBreach } from '../model/records.js';
import type { IncidentChange } from './incident-ops.js';
import type { EscalationPolicy } from './policy.js';

/** An escalation decided for one incident: the changed incident, its timeline entry, and why. */
export interface Escalation extends IncidentChange {
  breach: SlaBreach;
  /** The target that was breached, ms. */
  targetMs: number;
}

const OPEN = new Set<IncidentRecord['status']>(['new', 'assigned', 'in_progress']);

/**
 * When each breach the incident can still commit falls due, soonest first. A breach already
 * recorded never falls due again (also after a reopen); response stops counting once acknowledged;
 * neither counts for a resolved or closed incident. Both run from `createdAt`.
 */
function pendingBreaches(
  incident: IncidentRecord,
  policy: EscalationPolicy,
): Array<{ breach: SlaBreach; dueAt: number; targetMs: number }> {
  if (!OPEN.has(incident.status)) return [];
  const recorded = incident.breaches ?? [];
  const pending: Array<{ breach: SlaBreach; dueAt: number; targetMs: number }> = [];
  const response = policy.responseMs[incident.priority];
  if (incident.acknowledgedAt === null && !recorded.includes('response')) {
    pending.push({ breach: 'response', dueAt: incident.createdAt + response, targetMs: response });
  }
  const resolution = policy.resolutionMs[incident.priority];
  if (!recorded.includes('resolution')) {
    pending.push({ breach: 'resolution', dueAt: incident.createdAt + resolution, targetMs: resolution });
  }
  return pending.sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * When the incident escalates next unless something changes (acknowledged, resolved, reprioritised),
 * or null when it cannot. The pipeline stores it on the record so the store can find due incidents.
 * @example nextEscalationAt({ ...p3, createdAt: 0, acknowledgedAt: null }, DEFAULT_ESCALATION_POLICY) === 7_200_000
 */
export function nextEscalationAt(incident: IncidentRecord, policy: EscalationPolicy): number | null {
  return pendingBreaches(incident, policy)[0]?.dueAt ?? null;
}

/** The incident with `escalationDueAt` recomputed from the policy: what the pipeline commits. */
export function withEscalationDue(incident: IncidentRecord, policy: EscalationPolicy): IncidentRecord {
  const due = nextEscalationAt(incident, policy);
  return (incident.escalationDueAt ?? null) === due ? incident : { ...incident, escalationDueAt: due };
}

/**
 * Decides whether an incident escalates at `now`: the soonest breach that is due (`dueAt <= now`)
 * and not yet recorded. The escalation raises `escalationLevel` by one, records the breach, moves
 * the incident to the next level's group when that level names one, and explains itself on the
 * timeline. Returns null when nothing is due. Pure; call again for a second breach due at once.
 */
export function escalate(incident: IncidentRecord, policy: EscalationPolicy, now: number): Escalation | null {
  const due = pendingBreaches(incident, policy)[0];
  if (due === undefined || due.dueAt > now) return null;
  const level = incident.escalationLevel + 1;
  const group = policy.levels[level - 1]?.group ?? incident.assignmentGroup;
  const next: IncidentRecord = {
    ...incident,
    escalationLevel: level,
    assignmentGroup: group,
    breaches: [...(incident.breaches ?? []), due.breach],
    updatedAt: now,
  };
  next.escalationDueAt = nextEscalationAt(next, policy);
  const what = due.breach === 'response' ? 'not acknowledged' : 'not resolved';
  const moved = group === incident.assignmentGroup ? `stays with ${group}` : `reassigned to ${group}`;
  return {
    breach: due.breach,
    targetMs: due.targetMs,
    incident: next,
    entries: [
      {
        at: now,
        actor: 'vigil',
        action: 'escalated',
        fromStatus: incident.status,
        toStatus: incident.status,
        detail: `${due.breach} target breached: ${incident.priority} ${what} within ${humanDuration(due.targetMs)}; escalated to level ${level}, ${moved}`,
      },
    ],
  };
}

/** `7200000` -> `2h`, `5400000` -> `1h30m`: targets as the config writes them. */
function humanDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join('');
}
