import type { Timers } from './timers.js';

/**
 * Timers fired by hand (tests): `fireNext` runs the earliest pending callback, advancing the fake
 * time to it, and awaits the promise the callback returns.
 */
export class FakeTimers implements Timers {
  #now = 0;
  #next = 1;
  readonly #pending = new Map<number, { at: number; callback: () => unknown; ms: number }>();

  get now(): number {
    return this.#now;
  }

  /** Delays of the pending timers, soonest first. */
  get delays(): number[] {
    return [...this.#pending.values()].sort((a, b) => a.at - b.at).map((t) => t.ms);
  }

  setTimeout(callback: () => unknown, ms: number): unknown {
    const id = this.#next++;
    this.#pending.set(id, { at: this.#now + ms, callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Fires the earliest timer; returns its delay, or null when none is pending. */
  async fireNext(): Promise<number | null> {
    const [id, timer] = [...this.#pending.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || !timer) return null;
    this.#pending.delete(id);
    this.#now = timer.at;
    await timer.callback();
    return timer.ms;
  }
}
