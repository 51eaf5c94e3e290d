import { describe, expect, it } from 'vitest';
import { checkSchedule, type MaintenanceSchedule, nextStart, occurrenceAt } from './schedule.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const weekly: MaintenanceSchedule = {
  kind: 'recurring',
  cron: '0 22 * * 6',
  durationMs: 2 * HOUR,
  timezone: 'Europe/Berlin',
};

describe('maintenance schedules', () => {
  it('opens a one-off window from its start (inclusive) to its end (exclusive)', () => {
    const once: MaintenanceSchedule = {
      kind: 'once',
      startsAt: at('2026-03-01T02:00:00Z'),
      endsAt: at('2026-03-01T04:00:00Z'),
    };
    expect(occurrenceAt(once, at('2026-03-01T01:59:59.999Z'))).toBeNull();
    expect(occurrenceAt(once, at('2026-03-01T02:00:00Z'))).toEqual({
      start: once.startsAt,
      end: once.endsAt,
    });
    expect(occurrenceAt(once, at('2026-03-01T04:00:00Z'))).toBeNull();
    expect(nextStart(once, at('2026-02-01T00:00:00Z'))).toBe(once.startsAt);
    expect(nextStart(once, once.startsAt)).toBeNull();
  });

  it('reads a recurring cron in its time zone, across the daylight-saving change', () => {
    // Saturday 2026-03-28 22:00 CET is 21:00 UTC; after the change (29 March) 22:00 CEST is 20:00 UTC.
    expect(occurrenceAt(weekly, at('2026-03-28T21:00:00Z'))).toEqual({
      start: at('2026-03-28T21:00:00Z'),
      end: at('2026-03-28T23:00:00Z'),
    });
    expect(occurrenceAt(weekly, at('2026-03-28T20:59:59Z'))).toBeNull();
    expect(occurrenceAt(weekly, at('2026-03-28T23:00:00Z'))).toBeNull();
    expect(nextStart(weekly, at('2026-03-29T00:00:00Z'))).toBe(at('2026-04-04T20:00:00Z'));
    expect(occurrenceAt(weekly, at('2026-04-04T21:59:00Z'))).toEqual({
      start: at('2026-04-04T20:00:00Z'),
      end: at('2026-04-04T22:00:00Z'),
    });
  });

  it('accepts valid schedules and refuses bad ones with VIGIL_ERR_MAINTENANCE_INVALID naming the window', () => {
    expect(() => checkSchedule('w', weekly)).not.toThrow();
    const bad: Array<[MaintenanceSchedule, string]> = [
      [{ ...weekly, cron: '0 22 * *' }, 'must have five fields'],
      [{ ...weekly, cron: '0 25 * * 6' }, 'is invalid'],
      [{ ...weekly, cron: 'x'.repeat(200) }, 'must have five fields'],
      [{ ...weekly, timezone: 'Nowhere/Special' }, 'is not an IANA zone'],
      [{ ...weekly, durationMs: 59_000 }, 'at least 1m'],
      [{ ...weekly, durationMs: 400 * 24 * HOUR }, 'at most 366 days'],
      [{ kind: 'once', startsAt: 10 * HOUR, endsAt: 10 * HOUR }, 'at least a minute after startsAt'],
      [{ kind: 'once', startsAt: Number.NaN, endsAt: 10 * HOUR }, 'at least a minute after startsAt'],
    ];
    for (const [schedule, says] of bad) {
      expect(() => checkSchedule('nightly', schedule)).toThrow(
        expect.objectContaining({ code: 'VIGIL_ERR_MAINTENANCE_INVALID' }),
      );
      expect(() => checkSchedule('nightly', schedule)).toThrow(/Maintenance window "nightly" is invalid/);
      expect(() => checkSchedule('nightly', schedule)).toThrow(says);
    }
  });
});
