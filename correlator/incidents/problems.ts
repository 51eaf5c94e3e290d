import { VigilError } from '../errors/vigil-error.js';
import type { IncidentRecord, ProblemRecord, ProblemState, TimelineEntry } from '../model/records.js';
import type { IncidentChange } from './incident-ops.js';
import type { ProblemPolicy } from './policy.js';

/**
 * What happens to an incident the pipeline just opened or reopened (DESIGN.md "Problems"):
 * nothing, linking it to the live problem of its check and resource, or opening a problem that
 * links it with the other recent incidents of that check and resource.
 */
export type ProblemDecision =
  | { kind: 'none'; reason: 'already_linked' | 'below_count' }
  | { kind: 'link'; problem: ProblemRecord }
  | { kind: 'open'; incidents: IncidentRecord[] };

/** True while a problem collects new incidents: open or a known error. */
export const isLiveProblem = (p: ProblemRecord): boolean => p.state === 'open' || p.state === 'known_error';

/**
 * Decides about `incident`. `live` is the open or known-error problem of its check and resource,
 * if any; `recent` the incidents of that check and resource created within the window (it may or
 * may not hold `incident` itself). Only incidents not yet linked to a problem and created within
 * the window count towards opening one; they are returned oldest first. Pure.
 */
export function decideProblem(input: {
  incident: IncidentRecord;
  live: ProblemRecord | null;
  recent: IncidentRecord[];
  policy: ProblemPolicy;
  now: number;
}): ProblemDecision {
  const { incident, live, recent, policy, now } = input;
  if (incident.problemId !== null) return { kind: 'none', reason: 'already_linked' };
  if (live && isLiveProblem(live)) return { kind: 'link', problem: live };
  const since = now - policy.recurrenceWindowMs;
  const byId = new Map<string, IncidentRecord>();
  for (const i of [...recent, incident]) {
    if (i.problemId === null && i.createdAt >= since) byId.set(i.id, i.id === incident.id ? incident : i);
  }
  if (byId.size < policy.recurrenceCount) return { kind: 'none', reason: 'below_count' };
  const incidents = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || idOrder(a.id, b.id));
  return { kind: 'open', incidents };
}

/** A problem opened for `incidents` of `check` on `resource`, each linked to it. Pure. */
export function openProblem(
  id: string,
  key: { resource: string; check: string },
  incidents: IncidentRecord[],
  now: number,
): { problem: ProblemRecord; changes: IncidentChange[] } {
  const problem: ProblemRecord = {
    id,
    title: `${key.check} on ${key.resource} recurs`,
    state: 'open',
    ciIds: [...new Set(incidents.flatMap((i) => i.ciIds))],
    check: key.check,
    resource: key.resource,
    rootCause: null,
    workaround: null,
    incidentIds: incidents.map((i) => i.id),
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
  const detail = `${id}: ${incidents.length} incidents of ${key.check} on ${key.resource}`;
  const changes = incidents.map((i) => ({
    incident: { ...i, problemId: id, updatedAt: now },
    entries: [entry(now, i, 'problem_linked', detail)],
  }));
  return { problem, changes };
}

/**
 * Links `incident` to a live problem. When the problem is a known error with a workaround, the
 * incident's timeline gets the workaround (`workaround` in the result is then set). Pure.
 */
export function linkToProblem(
  problem: ProblemRecord,
  incident: IncidentRecord,
  now: number,
): { problem: ProblemRecord; change: IncidentChange; workaround: string | null } {
  const linked: ProblemRecord = problem.incidentIds.includes(incident.id)
    ? problem
    : {
        ...problem,
        incidentIds: [...problem.incidentIds, incident.id],
        ciIds: [...new Set([...problem.ciIds, ...incident.ciIds])],
        updatedAt: now,
      };
  const entries: TimelineEntry[] = [
    entry(now, incident, 'problem_linked', `${problem.id}: ${problem.state} (${problem.title})`),
  ];
  const workaround = problem.state === 'known_error' && problem.workaround ? problem.workaround : null;
  if (workaround !== null) entries.push(entry(now, incident, 'workaround_attached', workaround));
  return {
    problem: linked,
    change: { incident: { ...incident, problemId: problem.id, updatedAt: now }, entries },
    workaround,
  };
}

/** An operator's change of a problem (`PATCH /api/v1/problems/{id}`); null clears a text. */
export interface ProblemPatch {
  state?: ProblemState;
  rootCause?: string | null;
  workaround?: string | null;
}

/** The states a problem may move to from each state (ITIL: open -> known error -> resolved -> closed). */
const NEXT: Record<ProblemState, ReadonlyArray<ProblemState>> = {
  open: ['known_error', 'resolved'],
  known_error: ['resolved'],
  resolved: ['closed'],
  closed: [],
};

/**
 * Applies an operator's patch, or refuses it with VIGIL_ERR_PROBLEM_TRANSITION: a state may only
 * move forward along `NEXT` (setting the current state again changes nothing) and a closed problem
 * cannot be changed at all. Pure.
 */
export function patchProblem(problem: ProblemRecord, patch: ProblemPatch, now: number): ProblemRecord {
  if (problem.state === 'closed') {
    throw new VigilError('VIGIL_ERR_PROBLEM_TRANSITION', {
      id: problem.id,
      from: problem.state,
      reason: 'a closed problem cannot be changed',
    });
  }
  const state = patch.state ?? problem.state;
  if (state !== problem.state && !NEXT[problem.state].includes(state)) {
    throw new VigilError('VIGIL_ERR_PROBLEM_TRANSITION', {
      id: problem.id,
      from: problem.state,
      reason: `it cannot become ${state}`,
    });
  }
  return {
    ...problem,
    state,
    rootCause: patch.rootCause === undefined ? problem.rootCause : patch.rootCause,
    workaround: patch.workaround === undefined ? problem.workaround : patch.workaround,
    updatedAt: now,
  };
}

function idOrder(a: string, b: string): number {
  return Number(a.replace(/^\D+/, '')) - Number(b.replace(/^\D+/, ''));
}

function entry(at: number, incident: IncidentRecord, action: string, detail: string): TimelineEntry {
  return { at, actor: 'vigil', action, fromStatus: incident.status, toStatus: incident.status, detail };
}
