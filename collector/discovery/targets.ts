import { isIP } from 'node:net';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { DiscoveryTarget } from './source.js';

/** The largest range one `vigil discover` run expands (a /16). */
export const MAX_RANGE_ADDRESSES = 65_536;

/** An IPv4 range as first and last address (inclusive), numeric. */
export interface Ipv4Range {
  first: number;
  last: number;
}

/** Dotted IPv4 to a 32-bit number, or null. */
export function ipv4ToNumber(text: string): number | null {
  if (isIP(text) !== 4) return null;
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** A 32-bit number to dotted IPv4. */
export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Parses `a.b.c.d/len` into a range, or null when it is not an IPv4 CIDR. */
export function parseCidr(text: string): Ipv4Range | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  if (!m) return null;
  const base = ipv4ToNumber(m[1]!);
  const len = Number(m[2]);
  if (base === null || len > 32) return null;
  const size = 2 ** (32 - len);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** Whether an IPv4 address is inside one of the ranges. */
export function inRanges(address: string, ranges: readonly Ipv4Range[]): boolean {
  const n = ipv4ToNumber(address);
  return n !== null && ranges.some((r) => n >= r.first && n <= r.last);
}

const HOSTNAME =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function bad(value: string, reason: string): VigilError {
  return new VigilError('VIGIL_ERR_DISCOVER_TARGET', { value: value.slice(0, 100), reason });
}

/**
 * Expands `vigil discover` arguments into targets: IPv4 addresses, host names, `HOST:PORT`,
 * `[v6]:PORT` and IPv4 CIDRs (network and broadcast addresses skipped for prefixes below /31).
 * Duplicates are dropped; the total is capped at MAX_RANGE_ADDRESSES.
 */
export function expandTargets(args: readonly string[]): { targets: DiscoveryTarget[]; ranges: Ipv4Range[] } {
  const targets: DiscoveryTarget[] = [];
  const ranges: Ipv4Range[] = [];
  const seen = new Set<string>();
  const add = (t: DiscoveryTarget) => {
    const key = `${t.host}|${t.port ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (targets.length >= MAX_RANGE_ADDRESSES)
      throw bad(`${t.host}`, `more than ${MAX_RANGE_ADDRESSES} addresses in total`);
    targets.push(t);
  };
  for (const raw of args) {
    const arg = raw.trim();
    if (arg.length === 0 || arg.length > 300) throw bad(raw, 'it is empty or longer than 300 characters');
    if (arg.includes('/')) {
      const range = parseCidr(arg);
      if (!range) throw bad(arg, 'it is not an IPv4 CIDR');
      const size = range.last - range.first + 1;
      if (size > MAX_RANGE_ADDRESSES) throw bad(arg, 'the range is larger than /16');
      ranges.push(range);
      const skipEnds = size > 2;
      for (let n = range.first + (skipEnds ? 1 : 0); n <= range.last - (skipEnds ? 1 : 0); n++) {
        add({ host: numberToIpv4(n) });
      }
      continue;
    }
    let host = arg;
    let port: number | undefined;
    const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(arg);
    if (v6) {
      host = v6[1]!;
      if (v6[2]) port = Number(v6[2]);
    } else if (isIP(arg) !== 6 && arg.includes(':')) {
      const at = arg.lastIndexOf(':');
      host = arg.slice(0, at);
      port = Number(arg.slice(at + 1));
      if (!/^\d+$/.test(arg.slice(at + 1))) throw bad(arg, 'the port is not a number');
    }
    if (port !== undefined && !(port >= 1 && port <= 65_535)) throw bad(arg, 'the port must be 1 to 65535');
    if (isIP(host) === 0 && !HOSTNAME.test(host)) throw bad(arg, 'it is not an address or a host name');
    const single = ipv4ToNumber(host);
    if (single !== null) ranges.push({ first: single, last: single });
    add(port === undefined ? { host } : { host, port });
  }
  return { targets, ranges };
}
