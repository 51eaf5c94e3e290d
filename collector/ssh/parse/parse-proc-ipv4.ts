/** An IPv4 address of this host with the interface and prefix length it is on. */
export interface LocalIpv4 {
  iface: string;
  address: string;
  prefix: number;
}

const MAX_ADDRESSES = 4096;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * IPv4 addresses without `ip` (slim and minimal images): /proc/net/fib_trie lists the host's
 * own addresses (`/32 host LOCAL` leaves) and /proc/net/route the directly connected networks
 * per interface (little-endian hex), so each address gets the interface and prefix of the
 * longest connected route that contains it; 127.0.0.0/8 addresses belong to `lo`.
 */
export function parseProcIpv4(fibTrie: string, route: string): LocalIpv4[] {
  const routes = connectedRoutes(route);
  const seen = new Set<string>();
  const out: LocalIpv4[] = [];
  let candidate: string | undefined;
  for (const line of fibTrie.split('\n')) {
    const leaf = /^\s*\|-- (\S+)$/.exec(line);
    if (leaf) {
      candidate = leaf[1];
      continue;
    }
    if (!candidate || !/^\s*\/32 host LOCAL\s*$/.test(line)) continue;
    const value = toNumber(candidate);
    if (value === undefined || seen.has(candidate) || out.length >= MAX_ADDRESSES) continue;
    seen.add(candidate);
    const best = routes
      .filter((r) => (value & r.mask) >>> 0 === r.destination)
      .sort((a, b) => b.prefix - a.prefix)[0];
    if (best) out.push({ iface: best.iface, address: candidate, prefix: best.prefix });
    else if (value >>> 24 === 127) out.push({ iface: 'lo', address: candidate, prefix: 8 });
  }
  return out;
}

interface ConnectedRoute {
  iface: string;
  destination: number;
  mask: number;
  prefix: number;
}

/** Routes without a gateway (the networks an interface is on) from /proc/net/route. */
function connectedRoutes(text: string): ConnectedRoute[] {
  const out: ConnectedRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iface, destination, gateway, , , , , mask] = line.trim().split(/\s+/);
    if (!iface || !/^[A-Za-z0-9._:@-]{1,32}$/.test(iface)) continue;
    const dest = fromHex(destination);
    const gw = fromHex(gateway);
    const m = fromHex(mask);
    if (dest === undefined || gw !== 0 || m === undefined || m === 0) continue;
    const prefix = prefixOf(m);
    if (prefix !== undefined) out.push({ iface, destination: dest, mask: m, prefix });
  }
  return out;
}

/** /proc/net/route's little-endian hex (`000200C0` = 192.0.2.0) as an unsigned number. */
function fromHex(hex: string | undefined): number | undefined {
  if (!hex || !/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  const n = Number.parseInt(hex, 16);
  return (((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | (n >>> 24)) >>> 0;
}

function toNumber(address: string): number | undefined {
  const m = IPV4.exec(address);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** The prefix length of a contiguous netmask, else undefined. */
function prefixOf(mask: number): number | undefined {
  const inverted = ~mask >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  return 32 - Math.log2(inverted + 1);
}
