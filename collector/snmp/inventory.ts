import type { SnmpClient } from './client.js';
import { mapCdp } from './map-cdp.js';
import { mapEntities, type PhysicalEntity } from './map-entity.js';
import { type InterfaceRow, mapInterfaces } from './map-interfaces.js';
import { type IpAddressRow, mapIpAddresses } from './map-ip.js';
import { lldpLocalName, mapLldp } from './map-lldp.js';
import { mapSystem, type SystemInfo } from './map-system.js';
import type { Neighbour } from './neighbour.js';
import { OIDS } from './oids.js';
import type { Varbind } from './varbind.js';

/** Everything discovery learns about one device over SNMP. */
export interface DeviceInventory {
  /** The address it was probed on. */
  address: string;
  port: number;
  /** Name of the credential set that worked. */
  credential: string;
  system: SystemInfo;
  interfaces: InterfaceRow[];
  entities: PhysicalEntity[];
  addresses: IpAddressRow[];
  neighbours: Neighbour[];
  lldpName?: string;
}

/** The system scalars a probe GETs first: cheap, and they tell whether the credential works. */
export const SYSTEM_SCALARS = [
  `${OIDS.sysDescr}.0`,
  `${OIDS.sysObjectID}.0`,
  `${OIDS.sysUpTime}.0`,
  `${OIDS.sysContact}.0`,
  `${OIDS.sysName}.0`,
  `${OIDS.sysLocation}.0`,
];

/** The subtrees an inventory walk reads, in order. */
export const INVENTORY_SUBTREES = [
  OIDS.ifEntry,
  OIDS.ifXEntry,
  OIDS.ipAddrEntry,
  OIDS.entPhysicalEntry,
  OIDS.lldpLocSysName,
  OIDS.lldpLocPortEntry,
  OIDS.lldpRemEntry,
  OIDS.cdpCacheEntry,
];

/** GETs the system scalars; the varbinds that exist. */
export async function getSystem(client: SnmpClient): Promise<Varbind[]> {
  const got = await client.get(SYSTEM_SCALARS);
  return [...got.values()].filter((v): v is Varbind => v !== null);
}

/**
 * Walks a device's inventory (interfaces, addresses, physical entities, LLDP and CDP neighbours)
 * and maps it. A table the agent does not have is simply empty; a device that stops answering
 * mid-walk fails the whole inventory (a half inventory would mark interfaces missing).
 */
export async function walkInventory(client: SnmpClient, system?: Varbind[]): Promise<DeviceInventory> {
  const varbinds: Varbind[] = [...(system ?? (await getSystem(client)))];
  for (const base of INVENTORY_SUBTREES) varbinds.push(...(await client.walk(base)));
  const inventory: DeviceInventory = {
    address: client.host,
    port: client.port,
    credential: client.credential.name,
    system: mapSystem(varbinds),
    interfaces: mapInterfaces(varbinds),
    entities: mapEntities(varbinds),
    addresses: mapIpAddresses(varbinds),
    neighbours: [...mapLldp(varbinds), ...mapCdp(varbinds)],
  };
  const lldpName = lldpLocalName(varbinds);
  if (lldpName) inventory.lldpName = lldpName;
  return inventory;
}
