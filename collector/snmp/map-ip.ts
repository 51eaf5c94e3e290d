import { OIDS } from './oids.js';
import { toTable } from './table.js';
import { int, ipv4 } from './values.js';
import type { Varbind } from './varbind.js';

/** One IPv4 address of the device (IP-MIB ipAddrTable). */
export interface IpAddressRow {
  address: string;
  ifIndex: number;
  netmask?: string;
}

/** Maps ipAddrTable, ordered by address text. */
export function mapIpAddresses(varbinds: readonly Varbind[]): IpAddressRow[] {
  const out: IpAddressRow[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.ipAddrEntry)) {
    const address = ipv4(row.get(1)) ?? (/^\d+\.\d+\.\d+\.\d+$/.test(index) ? index : undefined);
    const ifIndex = int(row.get(2));
    if (!address || ifIndex === undefined) continue;
    const entry: IpAddressRow = { address, ifIndex };
    const mask = ipv4(row.get(3));
    if (mask) entry.netmask = mask;
    out.push(entry);
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}
