import { CronExpressionParser } from 'cron-parser';

/** When a scheduled discovery sweep runs: every fixed period, or at the starts of a cron expression. */
export type DiscoverySchedule =
  | { kind: 'every'; everyMs: number }
  | { kind: 'cron'; cron: string; timezone: string };

/** The shortest period between sweeps of one range. */
export const MIN_DISCOVERY_PERIOD_MS = 60_000;

/**
 * Why a schedule cannot be used, or null: a period under a minute, a cron expression that does
 * not have five valid fields, or an unknown IANA time zone. Config checks word their errors with it.
 */
export function scheduleProblem(schedule: DiscoverySchedule): string | null {
  if (schedule.kind === 'every') {
    return schedule.everyMs >= MIN_DISCOVERY_PERIOD_MS ? null : 'every must be at least 1m';
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: schedule.timezone });
  } catch {
    return `time zone "${schedule.timezone.slice(0, 64)}" is not an IANA zone such as Europe/Berlin or UTC`;
  }
  const fields = schedule.cron.trim().split(/\s+/);
  if (schedule.cron.length > 128 || fields.length !== 5) {
    return `cron "${schedule.cron.slice(0, 64)}" must have five fields: minute hour day-of-month month day-of-week`;
  }
  try {
    CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone });
  } catch (error) {
    return `cron "${schedule.cron.slice(0, 64)}" is invalid: ${(error as Error).message.slice(0, 120)}`;
  }
  return null;
}

/**
 * The next time a sweep should start, strictly after `now` except for the very first sweep of an
 * `every` schedule (which starts at once). For `every`, slots are `lastStart + k * every`: a sweep
 * that overran one or more slots makes the next start the first slot still ahead, never a burst of
 * catch-up sweeps. `skipped` says how many slots were passed over.
 */
export function nextSweepAt(
  schedule: DiscoverySchedule,
  now: number,
  lastStart: number | null,
): { at: number; skipped: number } {
  if (schedule.kind === 'cron') {
    const expression = CronExpressionParser.parse(schedule.cron, {
      currentDate: new Date(now),
      tz: schedule.timezone,
    });
    return { at: expression.next().getTime(), skipped: 0 };
  }
  if (lastStart === null) return { at: now, skipped: 0 };
  const due = lastStart + schedule.everyMs;
  if (due > now) return { at: due, skipped: 0 };
  const missed = Math.floor((now - due) / schedule.everyMs) + 1;
  return { at: due + missed * schedule.everyMs, skipped: missed };
}
