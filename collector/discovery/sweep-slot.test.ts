import { describe, expect, it } from 'vitest';
import { dueSlot } from './sweep-slot.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const every = { kind: 'every', everyMs: 10 * MIN } as const;
const NONE = Number.NEGATIVE_INFINITY;

describe('dueSlot (the schedule of leased sweeps, from the shared last slot)', () => {
  it('an every-schedule is due at each slot of its grid after the last one, never before', () => {
    expect(dueSlot(every, T0 + 10 * MIN - 1, T0, NONE)).toBeNull();
    expect(dueSlot(every, T0 + 10 * MIN, T0, NONE)).toEqual({ slot: T0 + 10 * MIN, skipped: 0 });
    // A late start (a new lease holder, a busy replica) keeps the slot on the grid.
    expect(dueSlot(every, T0 + 14 * MIN, T0, NONE)).toEqual({ slot: T0 + 10 * MIN, skipped: 0 });
  });

  it('several passed slots make one sweep of the latest, the others counted as skipped', () => {
    expect(dueSlot(every, T0 + 35 * MIN, T0, NONE)).toEqual({ slot: T0 + 30 * MIN, skipped: 2 });
  });

  it("a slot this replica's own sweep overran is skipped; the next one runs", () => {
    // The sweep of slot T0 ran until T0 + 12 min: slot T0 + 10 min was overrun.
    expect(dueSlot(every, T0 + 12 * MIN, T0, T0 + 12 * MIN)).toBeNull();
    expect(dueSlot(every, T0 + 20 * MIN, T0, T0 + 12 * MIN)).toEqual({ slot: T0 + 20 * MIN, skipped: 1 });
  });

  it('a cron schedule is due at its latest start after the last slot, in its time zone', () => {
    const cron = { kind: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' } as const;
    // 02:30 in Berlin (winter) is 01:30 UTC.
    const start = Date.parse('2026-03-02T01:30:00Z');
    expect(dueSlot(cron, start - 1, T0, NONE)).toBeNull();
    expect(dueSlot(cron, start, T0, NONE)).toEqual({ slot: start, skipped: 0 });
    expect(dueSlot(cron, start + 5 * MIN, T0, NONE)).toEqual({ slot: start, skipped: 0 });
    // Once taken, the same start is not due again.
    expect(dueSlot(cron, start + 5 * MIN, start, NONE)).toBeNull();
    // Overrun by this replica's own sweep: wait for the next start.
    expect(dueSlot(cron, start + 5 * MIN, T0, start + 1)).toBeNull();
  });
});
