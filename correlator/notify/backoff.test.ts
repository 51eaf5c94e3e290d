import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const policy = { initialBackoffMs: 10_000, maxBackoffMs: 600_000 };

describe('backoff schedule', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const full = (attempt: number) => backoffDelay(attempt, policy, () => 0.999_999_9);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(full)).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000,
    ]);
  });

  it('jitters between half and all of each step', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(20_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(30_000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(4, policy, Math.random);
      expect(d).toBeGreaterThanOrEqual(40_000);
      expect(d).toBeLessThanOrEqual(80_000);
    }
  });

  it('stays bounded for absurd attempt counts and out-of-range random values', () => {
    expect(backoffDelay(10_000, policy, () => 5)).toBe(600_000);
    expect(backoffDelay(0, policy, () => -1)).toBe(5_000);
  });
});
