/**
 * Time source for every time-dependent decision (dedup windows, escalation, staleness, rules `for:`).
 * Injected so tests drive time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock used in production. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to; the basis of time-scripted tests
 * ("push an event at t=1, expect an incident at t=3").
 */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): number {
    this.#now += ms;
    return this.#now;
  }
  /** Jumps to an absolute time (ms since epoch). */
  set(ms: number): void {
    this.#now = ms;
  }
}
