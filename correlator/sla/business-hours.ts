import type { Interval } from './intervals.js';
import { localTime, weekdayOf, zonedInstant } from './time-zone.js';

/**
 * When a service is expected to be up for its SLA: days of the week (ISO, 1 = Monday) and a daily
 * local time range in a time zone. `end` may be `24:00`. Null business hours mean 24x7.
 */
export interface BusinessHours {
  readonly timeZone: string;
  readonly days: readonly number[];
  /** `HH:MM`, local. */
  readonly start: string;
  /** `HH:MM`, local, after `start`; `24:00` is the end of the day. */
  readonly end: string;
}

/** Minutes after local midnight of `HH:MM`, or null when malformed (hours 0..24, 24 only as 24:00). */
export function minutesOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 1440 ? null : minutes;
}

/**
 * The business-hours intervals inside `window`, computed day by day in local time, so a working
 * day that contains a daylight-saving change is 1 hour shorter or longer in real time, as the
 * people who work it experience it. Null hours: the whole window.
 */
export function businessIntervals(window: Interval, hours: BusinessHours | null): Interval[] {
  if (window.end <= window.start) return [];
  if (!hours) return [{ start: window.start, end: window.end }];
  const from = minutesOf(hours.start)!;
  const to = minutesOf(hours.end)!;
  const out: Interval[] = [];
  // Start the walk one local day early: a window starting late in the evening in UTC may already
  // be inside the next local day, or the previous one.
  const first = localTime(window.start - 86_400_000, hours.timeZone);
  for (let offset = 0; ; offset++) {
    const dayStart = zonedInstant(hours.timeZone, first.year, first.month, first.day + offset);
    if (dayStart >= window.end) break;
    const weekday = weekdayOf(first.year, first.month, first.day + offset);
    if (!hours.days.includes(weekday)) continue;
    const start = Math.max(
      window.start,
      zonedInstant(hours.timeZone, first.year, first.month, first.day + offset, 0, from),
    );
    const end = Math.min(
      window.end,
      zonedInstant(hours.timeZone, first.year, first.month, first.day + offset, 0, to),
    );
    if (end > start) out.push({ start, end });
  }
  return out;
}
