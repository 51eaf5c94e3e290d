import { describe, expect, it } from 'vitest';
import { type CounterSample, counterRate, summedRates } from './counter-rate.js';

const sample = (atMs: number, devices: Record<string, number[]>): CounterSample => ({
  atMs,
  byDevice: new Map(Object.entries(devices)),
});

describe('counterRate', () => {
  it('is the increase per second', () => {
    expect(counterRate(1000, 3000, 2)).toBe(1000);
    expect(counterRate(5, 5, 10)).toBe(0);
  });

  it('is null without a baseline or elapsed time, and after a reset or wrap', () => {
    expect(counterRate(undefined, 3000, 2)).toBeNull();
    expect(counterRate(1000, 3000, 0)).toBeNull();
    expect(counterRate(2 ** 32 - 10, 5, 1)).toBeNull();
  });
});

describe('summedRates', () => {
  it('sums the increases of the devices present in both samples', () => {
    const rates = summedRates(
      sample(0, { a: [100, 10], b: [50, 5] }),
      sample(2000, { a: [300, 30], b: [50, 25] }),
      2,
    );
    expect(rates).toEqual([100, 20]);
  });

  it('gives no spike when a device appears: it has no baseline yet', () => {
    const rates = summedRates(sample(0, { a: [100] }), sample(1000, { a: [200], hotplugged: [9e12] }), 1);
    expect(rates).toEqual([100]);
  });

  it('gives null, never a negative rate, when one device went backwards', () => {
    const rates = summedRates(
      sample(0, { a: [100, 1], b: [500, 1] }),
      sample(1000, { a: [200, 2], b: [10, 2] }),
      2,
    );
    expect(rates).toEqual([null, 2]);
  });

  it('gives null on the first sample or when no time elapsed', () => {
    expect(summedRates(undefined, sample(0, { a: [1] }), 1)).toEqual([null]);
    expect(summedRates(sample(5, { a: [1] }), sample(5, { a: [2] }), 1)).toEqual([null]);
  });
});
