import type { InterfaceInfo } from '../../host/network-interface.js';
import { IFNAME, MAX_INTERFACES, type RawInterface, toInterfaceInfo } from './parse-ip-addr.js';
import type { LocalIpv4 } from './parse-proc-ipv4.js';

/** ARPHRD_LOOPBACK in /sys/class/net/<if>/type. */
const ARPHRD_LOOPBACK = '772';
const IPV6_SCOPES: Record<string, string> = { '00': 'global', '10': 'host', '20': 'link', '40': 'site' };

/**
 * The fallback for hosts without `ip` (slim and minimal images): one tab-separated line per
 * /sys/class/net entry (name, MAC, MTU, ARPHRD type), /proc/net/if_inet6 for IPv6 addresses
 * and the IPv4 addresses `parseProcIpv4` found.
 */
export function parseSysNet(
  sysnet: string,
  ifInet6: string,
  ipv4: readonly LocalIpv4[] = [],
): InterfaceInfo[] {
  const byName = new Map<string, RawInterface>();
  for (const line of sysnet.split('\n')) {
    if (byName.size >= MAX_INTERFACES) break;
    const fields = line.split('\t');
    if (fields.length !== 4) continue;
    const [name, mac, mtu, type] = fields.map((v) => v.trim());
    if (!name || !IFNAME.test(name) || byName.has(name)) continue;
    const mtuValue = /^\d{1,7}$/.test(mtu ?? '') ? Number(mtu) : undefined;
    byName.set(name, {
      name,
      loopback: type === ARPHRD_LOOPBACK,
      ipv4: [],
      ipv6: [],
      ...(mac ? { mac: mac.toLowerCase() } : {}),
      ...(mtuValue !== undefined ? { mtu: mtuValue } : {}),
    });
  }
  for (const line of ifInet6.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 6) continue;
    const [hex, , , scope, , name] = fields as [string, string, string, string, string, string];
    const entry = byName.get(name);
    const address = ipv6FromHex(hex);
    if (entry && address) entry.ipv6.push({ address, scope: IPV6_SCOPES[scope] ?? scope });
  }
  for (const { iface, address, prefix } of ipv4) byName.get(iface)?.ipv4.push({ address, prefix });
  return [...byName.values()].map(toInterfaceInfo);
}

/** `fe8000000000000000fc00fffe000001` as `fe80::fc:ff:fe00:1` (RFC 5952, as `ip` prints it). */
export function ipv6FromHex(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16).toString(16),
  );
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}
