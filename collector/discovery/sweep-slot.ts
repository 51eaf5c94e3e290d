import { CronExpressionParser } from 'cron-parser';
import type { DiscoverySchedule } from './discovery-schedule.js';

/** A slot a leased sweep is due for: its start time and how many earlier slots went unswept. */
export interface DueSlot {
  slot: number;
  skipped: number;
}

/**
 * The slot a sweep is due for now under `vigil server`, or null while none is. `last` is the last
 * slot taken by any replica (shared in Redis), so a replica that takes the timer lease over runs
 * the schedule from where it stands instead of sweeping again. The due slot is the latest start
 * at or before `now` that comes after `last`: `last + k * every` for `every`, the latest cron start
 * for `cron` (the slot grid stays where the schedule put it, however late the sweep starts).
 * Several passed slots make one sweep; the others count as skipped. A slot before `notBefore`
 * (the end of this replica's own previous sweep of the job) was overrun by that sweep and is
 * skipped, as `vigil run` skips the starts a long sweep overran.
 */
export function dueSlot(
  schedule: DiscoverySchedule,
  now: number,
  last: number,
  notBefore: number,
): DueSlot | null {
  if (schedule.kind === 'every') {
    const passed = Math.floor((now - last) / schedule.everyMs);
    if (passed < 1) return null;
    const slot = last + passed * schedule.everyMs;
    return slot < notBefore ? null : { slot, skipped: passed - 1 };
  }
  // prev() is strictly before its date: one millisecond later makes a start at `now` count.
  const slot = CronExpressionParser.parse(schedule.cron, {
    currentDate: new Date(now + 1),
    tz: schedule.timezone,
  })
    .prev()
    .getTime();
  return slot <= last || slot < notBefore ? null : { slot, skipped: 0 };
}
