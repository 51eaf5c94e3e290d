import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the maximum, between half and all of each step', () => {
    const low = new Backoff({ initialMs: 500, maxMs: 30_000, random: () => 0 });
    const high = new Backoff({ initialMs: 500, maxMs: 30_000, random: () => 0.999_999 });
    const lows = Array.from({ length: 10 }, () => low.next());
    const highs = Array.from({ length: 10 }, () => high.next());
    expect(lows).toEqual([250, 500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000]);
    expect(highs).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('spreads agents: different random draws give different delays within the step', () => {
    const draws = [0.1, 0.5, 0.9];
    const delays = draws.map((r) => new Backoff({ initialMs: 1000, maxMs: 60_000, random: () => r }).next());
    expect(new Set(delays).size).toBe(3);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(1000);
    }
  });

  it('starts over after a success, and waits the longest after an authentication failure', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 800, random: () => 0 });
    b.next();
    b.next();
    b.next();
    expect(b.failures).toBe(3);
    b.reset();
    expect(b.next()).toBe(50);
    expect(b.longest()).toBe(800);
  });

  it('never overflows after very many failures', () => {
    const b = new Backoff({ initialMs: 1, maxMs: 5000, random: () => 0.5 });
    let last = 0;
    for (let i = 0; i < 5000; i++) last = b.next();
    expect(last).toBe(3750);
  });
});
