import type { Neighbour } from './neighbour.js';
import { OIDS } from './oids.js';
import { scalars, toTable } from './table.js';
import { int, mac, text } from './values.js';
import type { SnmpValue, Varbind } from './varbind.js';

/** LLDP chassis/port id subtypes whose value is a MAC address (chassis 4, port 3). */
const CHASSIS_MAC = 4;
const PORT_MAC = 3;

function id(value: SnmpValue | undefined, isMac: boolean): string | undefined {
  return (isMac ? mac(value) : undefined) ?? text(value, 255);
}

/** The device's own LLDP system name, when it runs LLDP. */
export function lldpLocalName(varbinds: readonly Varbind[]): string | undefined {
  return text(scalars(varbinds).get(OIDS.lldpLocSysName), 255);
}

/**
 * The device's own LLDP ports: lldpLocPortNum -> its port id and description (what neighbours
 * see as our remote port), used to match reports from the other end.
 */
export function lldpLocalPorts(
  varbinds: readonly Varbind[],
): Map<number, { portId?: string; portDescr?: string }> {
  const out = new Map<number, { portId?: string; portDescr?: string }>();
  for (const [index, row] of toTable(varbinds, OIDS.lldpLocPortEntry)) {
    const num = Number(index);
    if (!Number.isInteger(num)) continue;
    const entry: { portId?: string; portDescr?: string } = {};
    const portId = id(row.get(3), int(row.get(2)) === PORT_MAC);
    const portDescr = text(row.get(4), 255);
    if (portId) entry.portId = portId;
    if (portDescr) entry.portDescr = portDescr;
    out.set(num, entry);
  }
  return out;
}

/**
 * Maps LLDP-MIB lldpRemTable (index timeMark.localPortNum.remIndex) to neighbours. The local
 * port is given by lldpLocPortNum; `localPort` is filled from the local port table when walked
 * (most agents number LLDP ports by ifIndex, but not all).
 */
export function mapLldp(varbinds: readonly Varbind[]): Neighbour[] {
  const ports = lldpLocalPorts(varbinds);
  const out: Neighbour[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.lldpRemEntry)) {
    const parts = index.split('.');
    if (parts.length !== 3) continue;
    const portNum = Number(parts[1]);
    if (!Number.isInteger(portNum)) continue;
    const n: Neighbour = { protocol: 'lldp', localIfIndex: portNum };
    const local = ports.get(portNum);
    if (local?.portDescr ?? local?.portId) n.localPort = local.portDescr ?? local.portId;
    const chassis = id(row.get(5), int(row.get(4)) === CHASSIS_MAC);
    const port = id(row.get(7), int(row.get(6)) === PORT_MAC);
    const portDescr = text(row.get(8), 255);
    const name = text(row.get(9), 255);
    if (!chassis && !name) continue;
    if (chassis) n.remoteChassisId = chassis;
    if (port) n.remotePort = port;
    if (portDescr) n.remotePortDescr = portDescr;
    if (name) n.remoteName = name;
    out.push(n);
  }
  return out;
}
