import { isIP } from 'node:net';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { DiscoveryTarget } from './source.js';

/** The largest range one discovery run expands (an IPv4 /16 or an IPv6 /112). */
export const MAX_RANGE_ADDRESSES = 65_536;

/** An address range as first and last address (inclusive), numeric, of one address family. */
export interface AddressRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
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

/** An IPv6 address (any textual form, IPv4-mapped included) to a 128-bit number, or null. */
export function ipv6ToBigInt(text: string): bigint | null {
  if (isIP(text) !== 6) return null;
  let head = text;
  let tail4: number[] = [];
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const n = ipv4ToNumber(v4[1]!);
    if (n === null) return null;
    tail4 = [Math.floor(n / 65_536), n % 65_536];
    head = text.slice(0, -v4[1]!.length);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').filter((p) => p !== '') : []);
  const l = parse(left).map((h) => Number.parseInt(h, 16));
  const r = parse(right).map((h) => Number.parseInt(h, 16));
  const fill = 8 - l.length - r.length - tail4.length;
  const groups = right === undefined ? [...l, ...tail4] : [...l, ...Array(fill).fill(0), ...r, ...tail4];
  if (groups.length !== 8) return null;
  return groups.reduce((n: bigint, g: number) => (n << 16n) | BigInt(g), 0n);
}

/** A 128-bit number to the compressed IPv6 form (RFC 5952: longest zero run as `::`). */
export function bigIntToIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(16 * (7 - i))) & 0xffffn));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** An address of either family as its family and number, or null. */
export function addressToBigInt(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = ipv4ToNumber(text);
  if (v4 !== null) return { family: 4, value: BigInt(v4) };
  const v6 = ipv6ToBigInt(text);
  return v6 === null ? null : { family: 6, value: v6 };
}

/**
 * Parses `a.b.c.d/len` or `v6addr/len` into a range, or null when it is not a CIDR. The base is
 * aligned down to the prefix (`10.0.0.77/24` is `10.0.0.0/24`).
 */
export function parseCidr(text: string): AddressRange | null {
  const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text);
  if (!m) return null;
  const base = addressToBigInt(m[1]!);
  const len = Number(m[2]);
  if (base === null) return null;
  const bits = base.family === 4 ? 32 : 128;
  if (len > bits) return null;
  const size = 1n << BigInt(bits - len);
  const first = (base.value / size) * size;
  return { family: base.family, first, last: first + size - 1n };
}

/** Whether an address (IPv4 or IPv6) is inside one of the ranges of its family. */
export function inRanges(address: string, ranges: readonly AddressRange[]): boolean {
  const a = addressToBigInt(address);
  return a !== null && ranges.some((r) => r.family === a.family && a.value >= r.first && a.value <= r.last);
}

const HOSTNAME =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function bad(value: string, reason: string): VigilError {
  return new VigilError('VIGIL_ERR_DISCOVER_TARGET', { value: value.slice(0, 100), reason });
}

function rangeTooLarge(range: AddressRange, arg: string): VigilError {
  return range.family === 4
    ? bad(arg, 'the range is larger than /16 (65,536 addresses); split it or use a longer prefix')
    : bad(
        arg,
        "an IPv6 range larger than /112 (65,536 addresses) cannot be swept; list the devices' addresses or use a /112 or longer prefix",
      );
}

/**
 * Expands `vigil discover` arguments and `snmp.discovery` ranges into targets: IPv4 and IPv6
 * addresses, host names, `HOST:PORT`, `[v6]:PORT`, IPv4 CIDRs up to /16 (network and broadcast
 * addresses skipped for prefixes below /31) and IPv6 CIDRs up to /112 (the subnet-router anycast
 * address `::` of the prefix skipped below /127). Duplicates are dropped; the total is capped at
 * MAX_RANGE_ADDRESSES.
 */
export function expandTargets(args: readonly string[]): {
  targets: DiscoveryTarget[];
  ranges: AddressRange[];
} {
  const targets: DiscoveryTarget[] = [];
  const ranges: AddressRange[] = [];
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
      if (!range) throw bad(arg, 'it is not an IPv4 or IPv6 CIDR such as 10.0.0.0/24 or fd00::/120');
      const size = range.last - range.first + 1n;
      if (size > BigInt(MAX_RANGE_ADDRESSES)) throw rangeTooLarge(range, arg);
      ranges.push(range);
      const skipStart = size > 2n ? 1n : 0n;
      const skipEnd = range.family === 4 && size > 2n ? 1n : 0n;
      for (let n = range.first + skipStart; n <= range.last - skipEnd; n++) {
        add({ host: range.family === 4 ? numberToIpv4(Number(n)) : bigIntToIpv6(n) });
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
    const single = addressToBigInt(host);
    if (single !== null) {
      ranges.push({ family: single.family, first: single.value, last: single.value });
      if (single.family === 6) host = bigIntToIpv6(single.value);
    }
    add(port === undefined ? { host } : { host, port });
  }
  return { targets, ranges };
}
