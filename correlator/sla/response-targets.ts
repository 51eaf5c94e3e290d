import type { Priority } from '../model/itil.js';
import { PRIORITIES } from '../model/itil.js';
import type { IncidentRecord } from '../model/records.js';

/** Response (acknowledge) and resolution targets per priority, in ms. */
export interface ResponseTargets {
  readonly responseMs: Readonly<Record<Priority, number>>;
  readonly resolutionMs: Readonly<Record<Priority, number>>;
}

/** One incident that missed a target, for the report's breach list. */
export interface TargetBreach {
  readonly incidentId: string;
  readonly priority: Priority;
  readonly target: 'response' | 'resolution';
  /** How long the incident took (or has taken until `now`, when still open), ms. */
  readonly tookMs: number;
  readonly targetMs: number;
}

/** The figures of one priority: counts, attainment of both targets, MTTA and MTTR. */
export interface PriorityFigures {
  readonly priority: Priority;
  readonly incidents: number;
  readonly responseTargetMs: number;
  readonly resolutionTargetMs: number;
  /** Share of incidents acknowledged within target (open, unacknowledged ones past it count as missed); null with no incidents. */
  readonly responseAttainment: number | null;
  readonly resolutionAttainment: number | null;
  /** Mean time to acknowledge / resolve over the incidents that were, ms; null when none was. */
  readonly mttaMs: number | null;
  readonly mttrMs: number | null;
}

const mean = (values: number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Response and resolution attainment, MTTA and MTTR by priority over the incidents created in a
 * report period, and the list of breaches. An incident still unacknowledged (unresolved) at `now`
 * counts as a breach once its target has passed, and is not yet counted while it still can make
 * it. Pure.
 */
export function responseFigures(
  incidents: readonly IncidentRecord[],
  targets: ResponseTargets,
  now: number,
): { byPriority: PriorityFigures[]; breaches: TargetBreach[] } {
  const breaches: TargetBreach[] = [];
  const byPriority = PRIORITIES.map((priority): PriorityFigures => {
    const mine = incidents.filter((i) => i.priority === priority);
    const responseTargetMs = targets.responseMs[priority];
    const resolutionTargetMs = targets.resolutionMs[priority];
    const judge = (
      kind: 'response' | 'resolution',
      doneAt: (i: IncidentRecord) => number | null,
      targetMs: number,
    ): { attainment: number | null; times: number[] } => {
      let decided = 0;
      let met = 0;
      const times: number[] = [];
      for (const i of mine) {
        const done = doneAt(i);
        const tookMs = (done ?? now) - i.createdAt;
        if (done !== null) times.push(tookMs);
        if (done === null && tookMs <= targetMs) continue;
        decided++;
        if (done !== null && tookMs <= targetMs) met++;
        else breaches.push({ incidentId: i.id, priority, target: kind, tookMs, targetMs });
      }
      return { attainment: decided === 0 ? null : met / decided, times };
    };
    const response = judge('response', (i) => i.acknowledgedAt ?? i.resolvedAt, responseTargetMs);
    const resolution = judge('resolution', (i) => i.resolvedAt, resolutionTargetMs);
    return {
      priority,
      incidents: mine.length,
      responseTargetMs,
      resolutionTargetMs,
      responseAttainment: response.attainment,
      resolutionAttainment: resolution.attainment,
      mttaMs: mean(response.times),
      mttrMs: mean(resolution.times),
    };
  });
  return { byPriority, breaches };
}
