import type { Interval } from './intervals.js';
import { localTime, zonedInstant } from './time-zone.js';

/** How an SLA's availability target is measured. */
export type PeriodKind = 'calendar_month' | 'rolling_30d';

/** Thirty days in ms. */
export const ROLLING_30D_MS = 30 * 86_400_000;

/**
 * The period that contains `at`: the calendar month in `timeZone` (from local midnight of the 1st
 * to local midnight of the next 1st, whatever DST does in between), or the 30 days ending at `at`.
 */
export function periodAt(kind: PeriodKind, at: number, timeZone: string): Interval {
  if (kind === 'rolling_30d') return { start: at - ROLLING_30D_MS, end: at };
  const l = localTime(at, timeZone);
  return {
    start: zonedInstant(timeZone, l.year, l.month, 1),
    end: zonedInstant(timeZone, l.year, l.month + 1, 1),
  };
}

/**
 * The periods of a kind that a report window touches, each clipped to the window: calendar months
 * one after another; a rolling period is the one window itself.
 */
export function periodsIn(kind: PeriodKind, window: Interval, timeZone: string): Interval[] {
  if (kind === 'rolling_30d' || window.end <= window.start) return window.end > window.start ? [window] : [];
  const out: Interval[] = [];
  let month = periodAt(kind, window.start, timeZone);
  while (month.start < window.end) {
    out.push({ start: Math.max(month.start, window.start), end: Math.min(month.end, window.end) });
    month = periodAt(kind, month.end, timeZone);
  }
  return out;
}
