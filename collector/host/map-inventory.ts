import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { FilesystemInfo } from './filesystem-selection.js';
import { diskCis, filesystemCis, interfaceCis } from './inventory-children.js';
import { type HostInventoryRaw, mapHostCi } from './inventory-host.js';

/** The static results one inventory is built from. */
export interface InventoryRaw extends HostInventoryRaw {
  filesystems: readonly FilesystemInfo[];
  diskLayout?: unknown;
  blockDevices?: unknown;
}

/**
 * The host's CI observation batch (source `host`): the host, its interfaces, filesystems and
 * disks, each child linked by a `contains` relation from the host. Pure, for fixture tests.
 */
export function mapInventory(raw: InventoryRaw, observedAt: number): ObservationBatch {
  const host = mapHostCi(raw);
  const children = [
    ...interfaceCis(raw.interfaces),
    ...filesystemCis(raw.filesystems),
    ...diskCis(raw.diskLayout, raw.blockDevices),
  ];
  return {
    source: 'host',
    observedAt,
    cis: [host, ...children],
    relations: children.map((child) => ({ from: host.ref, to: child.ref, type: 'contains' as const })),
  };
}
