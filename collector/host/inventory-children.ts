import type { CiObservation } from '../../correlator/model/observation.js';
import type { FilesystemInfo } from './filesystem-selection.js';
import { defined, positive } from './inventory-host.js';
import { realValue } from './junk-value.js';
import type { InterfaceInfo } from './network-interface.js';
import { asArray, asRecord, text } from './read-value.js';

/** Block devices that are not disks an operator owns: loop images, RAM disks, zram swap. */
const NOT_A_DISK = /^(loop|ram|zram|nbd|fd)\d*/;
/** Bound on disk CIs per host (multipath SAN hosts list hundreds of paths). */
const MAX_DISKS = 256;

/** `interface` CI observations, identified by `ifName` under their host. */
export function interfaceCis(interfaces: readonly InterfaceInfo[]): CiObservation[] {
  return interfaces.map((i) => ({
    ref: `interface:${i.name}`,
    class: 'interface',
    name: i.name,
    identifiers: { ifName: i.name },
    attributes: defined<string | number | boolean>({
      ifName: i.name,
      mac: i.mac,
      ipv4: i.ipv4,
      ipv4Subnet: i.ipv4Subnet,
      ipv6: i.ipv6,
      speedMbps: i.speedMbps,
      type: i.type,
      mtu: i.mtu,
      default: i.isDefault,
    }),
  }));
}

/** `filesystem` CI observations, identified by `mount` under their host. */
export function filesystemCis(filesystems: readonly FilesystemInfo[]): CiObservation[] {
  return filesystems.map((fs) => ({
    ref: `filesystem:${fs.mount}`,
    class: 'filesystem',
    name: fs.mount,
    identifiers: { mount: fs.mount },
    attributes: defined<string | number | boolean>({
      mount: fs.mount,
      fstype: fs.fstype,
      device: fs.device,
      sizeBytes: fs.sizeBytes,
      readOnly: fs.readOnly,
    }),
  }));
}

/**
 * `disk` CI observations from `si.diskLayout()` (physical disks, SMART; empty on most VMs)
 * completed by the `disk` entries of `si.blockDevices()` (virtual disks). Identified by serial
 * when real, and by device path under their host.
 */
export function diskCis(diskLayout: unknown, blockDevices: unknown): CiObservation[] {
  const disks = new Map<string, Record<string, string | number | boolean | undefined>>();
  for (const raw of asArray(diskLayout)) {
    const d = asRecord(raw);
    const device = text(d?.['device']);
    if (!d || !device) continue;
    disks.set(device, {
      name: device.replace(/^\/dev\//, ''),
      device,
      sizeBytes: positive(d['size']),
      type: realValue(d['type']),
      model: realValue(d['name']),
      vendor: realValue(d['vendor']),
      serial: realValue(d['serialNum']),
      interfaceType: realValue(d['interfaceType']),
      firmware: realValue(d['firmwareRevision']),
      smartStatus: realValue(d['smartStatus']),
    });
  }
  for (const raw of asArray(blockDevices)) {
    const b = asRecord(raw);
    const name = text(b?.['name']);
    if (!b || !name || b['type'] !== 'disk' || NOT_A_DISK.test(name) || positive(b['size']) === undefined)
      continue;
    const device = text(b['device']) ?? `/dev/${name}`;
    const known = disks.get(device) ?? {};
    disks.set(device, {
      name,
      device,
      sizeBytes: positive(b['size']),
      type: realValue(b['physical']),
      model: realValue(b['model']),
      serial: realValue(b['serial']),
      interfaceType: realValue(b['protocol']),
      removable: b['removable'] === true,
      ...defined(known),
    });
  }
  return [...disks.values()].slice(0, MAX_DISKS).map((attrs): CiObservation => {
    const attributes = defined(attrs);
    const device = String(attributes['device']);
    const serial = typeof attributes['serial'] === 'string' ? attributes['serial'] : undefined;
    return {
      ref: `disk:${device}`,
      class: 'disk',
      name: String(attributes['name']),
      identifiers: serial ? { serial, device } : { device },
      attributes,
    };
  });
}
