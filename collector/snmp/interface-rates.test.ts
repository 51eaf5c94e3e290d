import { describe, expect, it } from 'vitest';
import { counterIncrease, type InterfacePoll, interfaceRates, rateGap } from './interface-rates.js';
import type { InterfaceRow } from './map-interfaces.js';

function row(
  ifIndex: number,
  hc: boolean,
  inOctets: bigint,
  extra: Partial<InterfaceRow> = {},
): InterfaceRow {
  return {
    ifIndex,
    hc,
    speedBps: 1_000_000_000,
    counters: { inOctets, outOctets: 0n, inErrors: 10n, outErrors: 0n, inDiscards: 0n, outDiscards: 0n },
    ...extra,
  };
}
const poll = (atMs: number, sysUpTime: number | undefined, rows: InterfaceRow[]): InterfacePoll => ({
  atMs,
  sysUpTime,
  rows,
});

describe('counterIncrease', () => {
  it('handles a single 32-bit wrap and treats a 64-bit decrease as a reset', () => {
    expect(counterIncrease(4_294_967_000n, 200n, 32)).toBe(496n);
    expect(counterIncrease(500n, 100n, 64)).toBeNull();
    expect(counterIncrease(undefined, 100n, 64)).toBeNull();
    expect(counterIncrease(100n, 150n, 64)).toBe(50n);
  });
});

describe('interfaceRates', () => {
  it('computes bits per second and utilisation from the agent uptime difference', () => {
    const a = poll(0, 10_000, [row(1, true, 1_000_000n)]);
    const b = poll(60_000, 16_000, [
      row(1, true, 1_000_000n + 75_000_000n, {
        counters: { ...row(1, true, 0n).counters, inOctets: 76_000_000n, inErrors: 70n },
      }),
    ]);
    const [r] = interfaceRates(a, b);
    expect(r!.inBps).toBe(10_000_000);
    expect(r!.inUtilisation).toBe(1);
    expect(r!.inErrorsPerSec).toBe(1);
  });

  it('wraps a 32-bit octet counter once', () => {
    const a = poll(0, 0, [row(1, false, 4_294_967_000n)]);
    const b = poll(10_000, 1000, [row(1, false, 704n)]);
    expect(interfaceRates(a, b)[0]!.inBps).toBe((1000 * 8) / 10);
  });

  it('a 32-bit wrap implying more than twice the line rate is a reset, not traffic', () => {
    const a = poll(0, 0, [row(1, false, 4_000_000_000n, { speedBps: 10_000_000 })]);
    const b = poll(1000, 100, [row(1, false, 3_000_000_000n, { speedBps: 10_000_000 })]);
    expect(interfaceRates(a, b)[0]!.inBps).toBeNull();
  });

  it('an agent restart (sysUpTime went back) makes every rate of the interval unknown', () => {
    const a = poll(0, 500_000, [row(1, true, 9_000_000n)]);
    const b = poll(60_000, 3000, [row(1, true, 1000n)]);
    expect(rateGap(a, b)).toBe('agent-restart');
    expect(interfaceRates(a, b)[0]).toMatchObject({ inBps: null, inErrorsPerSec: null, inUtilisation: null });
  });

  it('first poll, new interfaces, discontinuities and switching to HC counters give null', () => {
    const cur = poll(60_000, 6000, [
      row(1, true, 10n, { discontinuity: 5 }),
      row(2, true, 10n),
      row(3, true, 10n),
    ]);
    expect(rateGap(undefined, cur)).toBe('first-poll');
    expect(interfaceRates(undefined, cur).every((r) => r.inBps === null)).toBe(true);
    const prev = poll(0, 0, [row(1, true, 5n, { discontinuity: 1 }), row(3, false, 5n)]);
    const rates = interfaceRates(prev, cur);
    expect(rates.map((r) => r.inBps)).toEqual([null, null, null]);
  });

  it('no time elapsed is a gap, and unknown speed gives no utilisation', () => {
    const a = poll(1000, undefined, [row(1, true, 5n, { speedBps: undefined })]);
    expect(rateGap(a, poll(1000, undefined, []))).toBe('no-time-elapsed');
    const r = interfaceRates(a, poll(11_000, undefined, [row(1, true, 1255n, { speedBps: undefined })]))[0]!;
    expect(r.inBps).toBe(1000);
    expect(r.inUtilisation).toBeNull();
  });
});
