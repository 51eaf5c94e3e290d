import type { CiObservation, JsonValue, ObservationBatch } from '../../correlator/model/observation.js';
import type { DeviceInventory } from './inventory.js';
import { chassisOf } from './map-entity.js';
import { interfaceName } from './map-interfaces.js';
import { vendorOf } from './vendor.js';

/** The batch ref of a device's interface, so linkers can point at it. */
export function interfaceRef(ifIndex: number): string {
  return `if:${ifIndex}`;
}

function compact(record: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

/** The CMDB identifiers of a network device (serial, then sysName+sysObjectID, then sysName). */
export function deviceIdentifiers(inv: DeviceInventory): Record<string, string> {
  const ids: Record<string, string> = {};
  const serial = chassisOf(inv.entities)?.serial;
  if (serial) ids.serial = serial;
  const { sysName, sysObjectID } = inv.system;
  if (sysName && sysObjectID) ids['sysName+sysObjectID'] = `${sysName}|${sysObjectID}`;
  if (sysName) ids.sysName = sysName;
  if (Object.keys(ids).length === 0) ids.sysName = inv.address;
  // Not used to identify (addresses move), but lets traps find their sender's CI.
  ids.managementAddress = inv.address;
  return ids;
}

/**
 * Turns a device inventory into CMDB observations: one `network_device` (identified by chassis
 * serial, then sysName+sysObjectID) that `contains` one `interface` per ifIndex (identified within
 * the device by ifIndex, then ifName). LLDP/CDP neighbours are kept on their interface as the
 * `neighbours` attribute; the discovery linker turns them into `connected_to` relations.
 */
export function inventoryObservations(inv: DeviceInventory, observedAt: number): ObservationBatch {
  const chassis = chassisOf(inv.entities);
  const device: CiObservation = {
    ref: 'device',
    class: 'network_device',
    name: inv.system.sysName ?? inv.address,
    identifiers: deviceIdentifiers(inv),
    attributes: compact({
      vendor: vendorOf(inv.system.sysObjectID),
      model: chassis?.model,
      serial: chassis?.serial,
      firmware: chassis?.softwareRev ?? chassis?.firmwareRev,
      hardwareRevision: chassis?.hardwareRev,
      sysObjectID: inv.system.sysObjectID,
      sysDescr: inv.system.sysDescr,
      sysLocation: inv.system.sysLocation,
      sysContact: inv.system.sysContact,
      managementAddress: inv.address,
      addresses: inv.addresses.map((a) => a.address),
      serials: inv.entities
        .filter((e) => e.serial)
        .map((e) => compact({ name: e.name, class: e.class, model: e.model, serial: e.serial })),
    }),
  };
  const cis: CiObservation[] = [device];
  const relations: ObservationBatch['relations'] = [];
  for (const row of inv.interfaces) {
    const ref = interfaceRef(row.ifIndex);
    const neighbours = inv.neighbours
      .filter((n) => n.localIfIndex === row.ifIndex)
      .map((n) => compact({ ...n }) as JsonValue);
    cis.push({
      ref,
      class: 'interface',
      name: interfaceName(row),
      identifiers: compact({ ifIndex: String(row.ifIndex), ifName: row.ifName, mac: row.mac }) as Record<
        string,
        string
      >,
      attributes: compact({
        ifIndex: row.ifIndex,
        ifName: row.ifName,
        ifDescr: row.ifDescr,
        ifAlias: row.ifAlias,
        ifType: row.ifType,
        mtu: row.mtu,
        speedBps: row.speedBps,
        mac: row.mac,
        adminStatus: row.adminStatus,
        addresses: inv.addresses.filter((a) => a.ifIndex === row.ifIndex).map((a) => a.address),
        neighbours: neighbours.length > 0 ? neighbours : undefined,
      }),
    });
    relations.push({ from: 'device', to: ref, type: 'contains' });
  }
  return { source: 'snmp', observedAt, cis, relations };
}
