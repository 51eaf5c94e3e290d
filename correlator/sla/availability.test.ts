import { describe, expect, it } from 'vitest';
import { attainment, availability } from './availability.js';
import { businessIntervals } from './business-hours.js';
import { intersect, normalise, subtract, totalMs } from './intervals.js';
import { periodAt, periodsIn } from './period.js';
import { windowProblems } from './windows.js';

const H = 3_600_000;
const D = 24 * H;
const at = (iso: string) => Date.parse(iso);
const span = (from: string, to: string) => ({ start: at(from), end: at(to) });
const JAN_2026_UTC = span('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
const BERLIN_WEEKDAYS = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };

describe('interval arithmetic', () => {
  it('merges, intersects and subtracts half-open intervals', () => {
    const a = [
      { start: 10, end: 20 },
      { start: 15, end: 30 },
      { start: 30, end: 35 },
      { start: 50, end: 40 },
    ];
    expect(normalise(a)).toEqual([{ start: 10, end: 35 }]);
    expect(
      intersect(a, [
        { start: 0, end: 12 },
        { start: 33, end: 100 },
      ]),
    ).toEqual([
      { start: 10, end: 12 },
      { start: 33, end: 35 },
    ]);
    expect(
      subtract(
        [{ start: 0, end: 100 }],
        [
          { start: 10, end: 20 },
          { start: 15, end: 30 },
          { start: 90, end: 200 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 30, end: 90 },
    ]);
    expect(totalMs(a)).toBe(25);
  });
});

describe('availability (hand-computed)', () => {
  it('counts overlapping outages once', () => {
    const a = availability({
      window: JAN_2026_UTC,
      outages: [
        span('2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z'),
        span('2026-01-05T10:30:00Z', '2026-01-05T12:00:00Z'),
      ],
      maintenance: [],
      businessHours: null,
    });
    // 31 days = 2,678,400,000 ms; down 10:00-12:00 = 7,200,000 ms.
    expect(a).toEqual({
      scheduledMs: 2_678_400_000,
      downtimeMs: 7_200_000,
      maintenanceMs: 0,
      ratio: 1 - 7_200_000 / 2_678_400_000,
    });
    expect(a.ratio).toBeCloseTo(0.99731182795699, 13);
  });

  it('clips outages that cross the period boundaries, in the period time zone', () => {
    const outage = span('2025-12-31T22:00:00Z', '2026-01-01T01:00:00Z');
    const utc = availability({
      window: JAN_2026_UTC,
      outages: [outage],
      maintenance: [],
      businessHours: null,
    });
    expect(utc.downtimeMs).toBe(1 * H);
    // January in Berlin starts at 2025-12-31T23:00Z: two of the three hours fall in it.
    const berlinJan = periodAt('calendar_month', at('2026-01-15T00:00:00Z'), 'Europe/Berlin');
    expect(berlinJan).toEqual(span('2025-12-31T23:00:00Z', '2026-01-31T23:00:00Z'));
    expect(
      availability({ window: berlinJan, outages: [outage], maintenance: [], businessHours: null }).downtimeMs,
    ).toBe(2 * H);
    // An outage still open at the end of the period counts up to the end only.
    const open = span('2026-01-31T23:00:00Z', '2026-02-01T05:00:00Z');
    expect(
      availability({ window: JAN_2026_UTC, outages: [open], maintenance: [], businessHours: null })
        .downtimeMs,
    ).toBe(H);
  });

  it('takes maintenance that overlaps an outage out of both scheduled time and downtime', () => {
    const a = availability({
      window: JAN_2026_UTC,
      outages: [span('2026-01-05T10:00:00Z', '2026-01-05T12:00:00Z')],
      maintenance: [span('2026-01-05T11:00:00Z', '2026-01-05T13:00:00Z')],
      businessHours: null,
    });
    expect(a.downtimeMs).toBe(H);
    expect(a.maintenanceMs).toBe(2 * H);
    expect(a.scheduledMs).toBe(2_678_400_000 - 2 * H);
    expect(a.ratio).toBe(1 - H / (2_678_400_000 - 2 * H));
  });

  it('counts only business hours: a night outage costs nothing, a daytime one its business part', () => {
    const a = availability({
      window: span('2026-01-05T00:00:00Z', '2026-01-10T00:00:00Z'),
      // Mon 20:00-22:00 Berlin (outside hours), Tue 17:00-19:00 Berlin (one hour inside).
      outages: [
        span('2026-01-05T19:00:00Z', '2026-01-05T21:00:00Z'),
        span('2026-01-06T16:00:00Z', '2026-01-06T18:00:00Z'),
      ],
      maintenance: [],
      businessHours: BERLIN_WEEKDAYS,
    });
    // Mon..Fri 08:00-18:00 CET = 5 x 10 h.
    expect(a.scheduledMs).toBe(50 * H);
    expect(a.downtimeMs).toBe(H);
    expect(a.ratio).toBe(1 - 1 / 50);
  });

  it('follows daylight-saving changes (Europe/Berlin, 2026-03-29 and 2026-10-25)', () => {
    // March in Berlin: 31 days minus the skipped hour.
    const march = periodAt('calendar_month', at('2026-03-10T00:00:00Z'), 'Europe/Berlin');
    expect(march).toEqual(span('2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z'));
    expect(march.end - march.start).toBe(31 * D - H);
    const october = periodAt('calendar_month', at('2026-10-10T00:00:00Z'), 'Europe/Berlin');
    expect(october.end - october.start).toBe(31 * D + H);

    // Sunday 01:00-04:00 local is 2 real hours on the spring-forward day, 4 on the fall-back day.
    const sunday = { timeZone: 'Europe/Berlin', days: [7], start: '01:00', end: '04:00' };
    expect(businessIntervals(span('2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z'), sunday)).toEqual([
      span('2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z'),
    ]);
    expect(totalMs(businessIntervals(span('2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z'), sunday))).toBe(
      4 * H,
    );

    // An hour-long outage across the jump, inside those hours: half of the scheduled time.
    const a = availability({
      window: span('2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z'),
      outages: [span('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z')],
      maintenance: [],
      businessHours: sunday,
    });
    expect(a).toMatchObject({ scheduledMs: 2 * H, downtimeMs: H, ratio: 0.5 });

    // Weekday business hours keep 10 h on both sides of the change (08:00 is 07:00Z, then 06:00Z).
    const week = businessIntervals(span('2026-03-26T00:00:00Z', '2026-04-01T00:00:00Z'), BERLIN_WEEKDAYS);
    expect(week.map((i) => new Date(i.start).toISOString())).toEqual([
      '2026-03-26T07:00:00.000Z',
      '2026-03-27T07:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
    ]);
    expect(totalMs(week)).toBe(40 * H);
  });

  it('is 1 when nothing was scheduled', () => {
    expect(
      availability({
        window: span('2026-01-03T00:00:00Z', '2026-01-05T00:00:00Z'),
        outages: [span('2026-01-03T10:00:00Z', '2026-01-03T12:00:00Z')],
        maintenance: [],
        businessHours: BERLIN_WEEKDAYS,
      }),
    ).toEqual({ scheduledMs: 0, downtimeMs: 0, maintenanceMs: 0, ratio: 1 });
  });
});

describe('periods', () => {
  it('splits a report window into calendar months, and a rolling period is the 30 days up to now', () => {
    const months = periodsIn('calendar_month', span('2026-01-20T00:00:00Z', '2026-03-05T00:00:00Z'), 'UTC');
    expect(months).toEqual([
      span('2026-01-20T00:00:00Z', '2026-02-01T00:00:00Z'),
      span('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'),
      span('2026-03-01T00:00:00Z', '2026-03-05T00:00:00Z'),
    ]);
    const now = at('2026-03-05T12:00:00Z');
    expect(periodAt('rolling_30d', now, 'UTC')).toEqual({ start: now - 30 * D, end: now });
  });
});

describe('attainment', () => {
  const month30 = { scheduledMs: 30 * D, maintenanceMs: 0 };
  it('computes the error budget of a 99.9 % target over 30 days: 43.2 minutes', () => {
    const half = attainment({ ...month30, downtimeMs: 1_296_000, ratio: 1 - 1_296_000 / (30 * D) }, 0.999);
    expect(half.errorBudgetMs).toBeCloseTo(2_592_000, 6);
    expect(half.met).toBe(true);
    expect(half.errorBudgetRemaining).toBeCloseTo(0.5, 12);
    const over = attainment({ ...month30, downtimeMs: 3_000_000, ratio: 1 - 3_000_000 / (30 * D) }, 0.999);
    expect(over.met).toBe(false);
    expect(over.errorBudgetRemaining).toBeCloseTo(1 - 3_000_000 / 2_592_000, 12);
  });
});

describe('window checks (bad input)', () => {
  it('names inverted, empty, non-time and overlapping windows', () => {
    expect(windowProblems([span('2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z')])).toEqual([]);
    expect(
      windowProblems([
        span('2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z'),
        span('2026-01-02T00:00:00Z', '2026-01-01T23:00:00Z'),
        span('2026-01-01T01:00:00Z', '2026-01-01T03:00:00Z'),
        { start: Number.NaN, end: 5 },
        span('2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z'),
      ]),
    ).toEqual([
      'window 1 ends (2026-01-01T23:00:00.000Z) before it starts (2026-01-02T00:00:00.000Z)',
      'window 3 has a start or end that is not a time',
      'window 4 ends (2026-01-05T00:00:00.000Z) before it starts (2026-01-05T00:00:00.000Z)',
      'window 2 overlaps window 0; merge them into one',
    ]);
  });
});
