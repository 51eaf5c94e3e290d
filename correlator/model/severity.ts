/** Event severities of the native event, most severe first (DESIGN.md "Native event"). */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info', 'ok'] as const;
/** One of the native event severities. */
export type Severity = (typeof SEVERITIES)[number];

/** Event status: a problem is happening, or it has stopped. */
export const EVENT_STATUSES = ['firing', 'resolved'] as const;
/** One of the native event statuses. */
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Ranks severities so "highest severity" can be computed (critical = 5 ... ok = 0). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** Whether an alert of this severity should open an incident (info and ok never do). */
export function isActionable(severity: Severity): boolean {
  return severityRank(severity) >= severityRank('warning');
}
