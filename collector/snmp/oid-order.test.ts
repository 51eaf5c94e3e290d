import { describe, expect, it } from 'vitest';
import { oidAfter } from './client.js';

/** The reference: split and compare arc by arc. */
function slowAfter(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return y[i]! > x[i]!;
  return y.length > x.length;
}

describe('oidAfter', () => {
  it.each([
    ['1.3.6.1', '1.3.6.1.2', true],
    ['1.3.6.1.2', '1.3.6.1', false],
    ['1.3.6.1', '1.3.6.1', false],
    ['1.3.6.1.2.1.2.2.1.10.9', '1.3.6.1.2.1.2.2.1.10.10', true],
    ['1.3.6.1.2.1.2.2.1.10.10', '1.3.6.1.2.1.2.2.1.10.9', false],
    ['1.3.6.1.2.1.2.2.1.2.100', '1.3.6.1.2.1.2.2.1.3.1', true],
    ['1.3.6.1.4.1.9.4294967295', '1.3.6.1.4.1.10', true],
    ['1.3.6.1.2', '1.3.6.1.10', true],
  ])('%s -> %s is %s', (a, b, after) => {
    expect(oidAfter(a, b)).toBe(after);
    expect(slowAfter(a, b)).toBe(after);
  });
  it('agrees with arc-by-arc comparison on random OIDs', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const oid = () =>
      Array.from({ length: 1 + rnd(8) }, () => (rnd(4) === 0 ? rnd(100_000) : rnd(4))).join('.');
    for (let k = 0; k < 5000; k++) {
      const a = oid();
      const b = rnd(3) === 0 ? `${a}.${rnd(5)}` : oid();
      expect(oidAfter(a, b)).toBe(slowAfter(a, b));
    }
  });
});
