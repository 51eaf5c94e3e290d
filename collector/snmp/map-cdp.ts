import type { Neighbour } from './neighbour.js';
import { OIDS } from './oids.js';
import { toTable } from './table.js';
import { int, ipv4, text } from './values.js';
import type { Varbind } from './varbind.js';

/**
 * Maps CISCO-CDP-MIB cdpCacheTable (index ifIndex.deviceIndex) to neighbours. Only IPv4
 * addresses (cdpCacheAddressType 1) are decoded.
 */
export function mapCdp(varbinds: readonly Varbind[]): Neighbour[] {
  const out: Neighbour[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.cdpCacheEntry)) {
    const [ifIndexText] = index.split('.');
    const localIfIndex = Number(ifIndexText);
    if (!Number.isInteger(localIfIndex)) continue;
    const n: Neighbour = { protocol: 'cdp', localIfIndex };
    const remoteName = text(row.get(6), 255);
    const remotePort = text(row.get(7), 255);
    if (!remoteName && !remotePort) continue;
    if (remoteName) n.remoteName = remoteName;
    if (remotePort) n.remotePort = remotePort;
    const platform = text(row.get(8), 255);
    if (platform) n.remotePlatform = platform;
    if ((int(row.get(3)) ?? 1) === 1) {
      const address = ipv4(row.get(4));
      if (address) n.remoteAddress = address;
    }
    out.push(n);
  }
  return out;
}
