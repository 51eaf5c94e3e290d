import { HC_COUNTERS, type InterfaceCounters, type InterfaceRow } from './map-interfaces.js';

/** One poll of a device's interface table, with the agent's uptime and when it was taken. */
export interface InterfacePoll {
  /** Monotonic time of the poll, ms (from the injected clock). */
  atMs: number;
  /** sysUpTime at the poll, hundredths of a second; a decrease means the agent restarted. */
  sysUpTime?: number;
  rows: readonly InterfaceRow[];
}

/** Per-second rates of one interface; null where the interval cannot be trusted. */
export interface InterfaceRates {
  ifIndex: number;
  inBps: number | null;
  outBps: number | null;
  inErrorsPerSec: number | null;
  outErrorsPerSec: number | null;
  inDiscardsPerSec: number | null;
  outDiscardsPerSec: number | null;
  /** Percent of the interface speed, null when the speed is unknown or zero. */
  inUtilisation: number | null;
  outUtilisation: number | null;
}

const WRAP32 = 2n ** 32n;

/** Why rates of an interval are unknown, or null when they are fine. */
export type RateGap = 'first-poll' | 'agent-restart' | 'counter-discontinuity' | 'no-time-elapsed' | null;

/**
 * Increase of one counter between two readings. A 32-bit counter that went backwards wrapped
 * once (add 2^32); a 64-bit counter going backwards cannot have wrapped in one interval, so it was
 * reset and the increase is unknown.
 */
export function counterIncrease(
  prev: bigint | undefined,
  cur: bigint | undefined,
  bits: 32 | 64,
): bigint | null {
  if (prev === undefined || cur === undefined) return null;
  if (cur >= prev) return cur - prev;
  return bits === 32 ? cur + WRAP32 - prev : null;
}

/**
 * Seconds between two polls: the agent's own sysUpTime difference when both have one (it is what
 * the counters were sampled against), else the poller's clock.
 */
function elapsedSeconds(prev: InterfacePoll, cur: InterfacePoll): number {
  if (prev.sysUpTime !== undefined && cur.sysUpTime !== undefined && cur.sysUpTime > prev.sysUpTime) {
    return (cur.sysUpTime - prev.sysUpTime) / 100;
  }
  return (cur.atMs - prev.atMs) / 1000;
}

/** Whether the whole interval is unusable, and why. */
export function rateGap(prev: InterfacePoll | undefined, cur: InterfacePoll): RateGap {
  if (!prev) return 'first-poll';
  if (prev.sysUpTime !== undefined && cur.sysUpTime !== undefined && cur.sysUpTime < prev.sysUpTime)
    return 'agent-restart';
  return elapsedSeconds(prev, cur) > 0 ? null : 'no-time-elapsed';
}

/**
 * Rates of every interface present in both polls. Handles 32-bit wrap, agent restarts (sysUpTime
 * went backwards: every rate null), per-interface counter discontinuities, and a 32-bit "wrap"
 * that would mean more than the line rate (really a reset: null).
 */
export function interfaceRates(prev: InterfacePoll | undefined, cur: InterfacePoll): InterfaceRates[] {
  const gap = rateGap(prev, cur);
  const before = new Map(prev?.rows.map((r) => [r.ifIndex, r]) ?? []);
  const seconds = prev ? elapsedSeconds(prev, cur) : 0;
  return cur.rows.map((row) => {
    const old = before.get(row.ifIndex);
    const usable =
      gap === null && old !== undefined && old.hc === row.hc && old.discontinuity === row.discontinuity;
    const rate = (name: keyof InterfaceCounters, factor = 1): number | null => {
      if (!usable) return null;
      const bits = HC_COUNTERS.has(name) && row.hc ? 64 : 32;
      const increase = counterIncrease(old.counters[name], row.counters[name], bits);
      if (increase === null) return null;
      const perSec = (Number(increase) * factor) / seconds;
      const wrapped = old.counters[name]! > row.counters[name]!;
      // A wrap that implies more than twice the line rate was a reset, not a wrap.
      if (wrapped && factor === 8 && row.speedBps && perSec > row.speedBps * 2) return null;
      return perSec;
    };
    const inBps = rate('inOctets', 8);
    const outBps = rate('outOctets', 8);
    const util = (bps: number | null) =>
      bps === null || !row.speedBps ? null : Math.min(100, (bps / row.speedBps) * 100);
    return {
      ifIndex: row.ifIndex,
      inBps,
      outBps,
      inErrorsPerSec: rate('inErrors'),
      outErrorsPerSec: rate('outErrors'),
      inDiscardsPerSec: rate('inDiscards'),
      outDiscardsPerSec: rate('outDiscards'),
      inUtilisation: util(inBps),
      outUtilisation: util(outBps),
    };
  });
}
