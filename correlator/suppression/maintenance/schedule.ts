import { CronExpressionParser } from 'cron-parser';
import { VigilError } from '../../errors/vigil-error.js';

/**
 * When a maintenance window is open: once (a start and an end), or recurring (a five-field cron
 * expression for each start, evaluated in an IANA time zone so "Saturday 22:00" follows daylight
 * saving, and a duration).
 */
export type MaintenanceSchedule =
  | { kind: 'once'; startsAt: number; endsAt: number }
  | { kind: 'recurring'; cron: string; durationMs: number; timezone: string };

/** One opening of a window, ms since epoch, `end` exclusive. */
export interface Occurrence {
  start: number;
  end: number;
}

/** Shortest and longest a window may stay open (once or per occurrence). */
export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 366 * 24 * 3_600_000;

/**
 * The occurrence of the schedule that is open at `now`, or null. For a recurring schedule it is
 * the latest start at or before `now`, if `now` falls within its duration. Pure.
 */
export function occurrenceAt(schedule: MaintenanceSchedule, now: number): Occurrence | null {
  if (schedule.kind === 'once') {
    return schedule.startsAt <= now && now < schedule.endsAt
      ? { start: schedule.startsAt, end: schedule.endsAt }
      : null;
  }
  const expression = CronExpressionParser.parse(schedule.cron, {
    currentDate: new Date(now + 1),
    tz: schedule.timezone,
  });
  if (!expression.hasPrev()) return null;
  const start = expression.prev().getTime();
  const end = start + schedule.durationMs;
  return now < end ? { start, end } : null;
}

/** The next start strictly after `now`, or null (a one-off window that has started or ended). */
export function nextStart(schedule: MaintenanceSchedule, now: number): number | null {
  if (schedule.kind === 'once') return schedule.startsAt > now ? schedule.startsAt : null;
  const expression = CronExpressionParser.parse(schedule.cron, {
    currentDate: new Date(now),
    tz: schedule.timezone,
  });
  return expression.hasNext() ? expression.next().getTime() : null;
}

/**
 * Checks a schedule: a one-off window must end after it starts and stay open between a minute
 * and 366 days; a recurring one needs a valid five-field cron expression, a known IANA time zone
 * and a duration in the same range. Throws VIGIL_ERR_MAINTENANCE_INVALID naming the window.
 */
export function checkSchedule(name: string, schedule: MaintenanceSchedule): void {
  const fail = (reason: string): never => {
    throw new VigilError('VIGIL_ERR_MAINTENANCE_INVALID', { name, reason });
  };
  const length = schedule.kind === 'once' ? schedule.endsAt - schedule.startsAt : schedule.durationMs;
  if (!Number.isFinite(length) || length < MIN_WINDOW_MS) {
    fail(
      schedule.kind === 'once'
        ? 'endsAt must be at least a minute after startsAt'
        : 'duration must be at least 1m',
    );
  }
  if (length > MAX_WINDOW_MS) fail('a window may stay open at most 366 days');
  if (schedule.kind === 'once') return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: schedule.timezone });
  } catch {
    fail(`time zone "${schedule.timezone.slice(0, 64)}" is not an IANA zone such as Europe/Berlin or UTC`);
  }
  const fields = schedule.cron.trim().split(/\s+/);
  if (schedule.cron.length > 128 || fields.length !== 5) {
    fail(
      `cron "${schedule.cron.slice(0, 64)}" must have five fields: minute hour day-of-month month day-of-week`,
    );
  }
  try {
    CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, strict: false });
  } catch (error) {
    fail(`cron "${schedule.cron.slice(0, 64)}" is invalid (${(error as Error).message})`);
  }
}
