import type { InterfaceInfo } from '../../host/network-interface.js';

/** At most this many interfaces are read from one host. */
export const MAX_INTERFACES = 1024;
/** Interface names vigil accepts (kernel names are at most 15 bytes; aliases a few more). */
export const IFNAME = /^[A-Za-z0-9._:@-]{1,32}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Raw facts of one interface before they become an `InterfaceInfo`. */
export interface RawInterface {
  name: string;
  loopback: boolean;
  mac?: string;
  mtu?: number;
  ipv4: Array<{ address: string; prefix: number }>;
  ipv6: Array<{ address: string; scope: string }>;
}

/**
 * Parses `ip -j addr` (iproute2 4.14+). Returns `undefined` when the text is not its JSON, so
 * the caller can try the plain parser (BusyBox `ip` has no `-j`).
 */
export function parseIpAddrJson(text: string): InterfaceInfo[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const out: RawInterface[] = [];
  for (const entry of parsed.slice(0, MAX_INTERFACES)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const name = typeof e['ifname'] === 'string' ? e['ifname'] : undefined;
    if (!name || !IFNAME.test(name)) continue;
    const raw: RawInterface = {
      name,
      loopback: e['link_type'] === 'loopback',
      ipv4: [],
      ipv6: [],
      ...(typeof e['address'] === 'string' ? { mac: e['address'].toLowerCase() } : {}),
      ...(typeof e['mtu'] === 'number' ? { mtu: e['mtu'] } : {}),
    };
    for (const info of Array.isArray(e['addr_info']) ? e['addr_info'] : []) {
      const a = info as Record<string, unknown>;
      if (typeof a?.['local'] !== 'string' || typeof a['prefixlen'] !== 'number') continue;
      if (a['family'] === 'inet') raw.ipv4.push({ address: a['local'], prefix: a['prefixlen'] });
      if (a['family'] === 'inet6') raw.ipv6.push({ address: a['local'], scope: String(a['scope'] ?? '') });
    }
    out.push(raw);
  }
  return out.map(toInterfaceInfo);
}

/** Parses plain `ip addr` output (iproute2 or BusyBox). */
export function parseIpAddrText(text: string): InterfaceInfo[] {
  const out: RawInterface[] = [];
  let current: RawInterface | undefined;
  for (const line of text.split('\n')) {
    const head = /^\d+:\s+([^:\s]+):\s+<([^>]*)>(.*)$/.exec(line);
    if (head) {
      if (out.length >= MAX_INTERFACES) break;
      const name = head[1]!.split('@')[0]!;
      current = undefined;
      if (!IFNAME.test(name)) continue;
      const mtu = /\smtu\s+(\d+)/.exec(head[3]!);
      current = {
        name,
        loopback: head[2]!.split(',').includes('LOOPBACK'),
        ipv4: [],
        ipv6: [],
        ...(mtu ? { mtu: Number(mtu[1]) } : {}),
      };
      out.push(current);
      continue;
    }
    if (!current) continue;
    const link = /^\s+link\/(\S+)\s+(\S+)/.exec(line);
    if (link) {
      if (link[1] === 'loopback') current.loopback = true;
      current.mac = link[2]!.toLowerCase();
      continue;
    }
    const inet = /^\s+inet\s+([\d.]+)\/(\d+)/.exec(line);
    if (inet) current.ipv4.push({ address: inet[1]!, prefix: Number(inet[2]) });
    const inet6 = /^\s+inet6\s+([0-9a-fA-F:.]+)\/(\d+)\s+scope\s+(\S+)/.exec(line);
    if (inet6) current.ipv6.push({ address: inet6[1]!, scope: inet6[3]! });
  }
  return out.map(toInterfaceInfo);
}

/** The host probe's shape of an interface: first global IPv4/IPv6, a real MAC, a sane MTU. */
export function toInterfaceInfo(raw: RawInterface): InterfaceInfo {
  const ipv4 = raw.ipv4.find((a) => isIpv4(a.address) && a.prefix >= 0 && a.prefix <= 32);
  const ipv6 = raw.ipv6.find((a) => a.scope === 'global') ?? raw.ipv6[0];
  const mac = raw.mac && MAC.test(raw.mac) && !/^[0:]+$/.test(raw.mac) ? raw.mac : undefined;
  return {
    name: raw.name,
    internal: raw.loopback || raw.name === 'lo',
    ...(mac ? { mac } : {}),
    ...(ipv4 ? { ipv4: ipv4.address, ipv4Subnet: netmask(ipv4.prefix) } : {}),
    ...(ipv6 ? { ipv6: ipv6.address } : {}),
    ...(raw.mtu !== undefined && raw.mtu > 0 && raw.mtu <= 1_000_000 ? { mtu: raw.mtu } : {}),
    isDefault: false,
  };
}

function isIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** A prefix length as a dotted netmask, as systeminformation reports `ip4subnet`. */
export function netmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 255).join('.');
}
