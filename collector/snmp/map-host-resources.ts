import { OIDS } from './oids.js';
import { toTable } from './table.js';
import { int, oid, text } from './values.js';
import type { Varbind } from './varbind.js';

/** hrStorageType OIDs (HOST-RESOURCES-TYPES) to short names. */
const STORAGE_TYPES: Record<string, string> = {
  '1.3.6.1.2.1.25.2.1.1': 'other',
  '1.3.6.1.2.1.25.2.1.2': 'ram',
  '1.3.6.1.2.1.25.2.1.3': 'virtualMemory',
  '1.3.6.1.2.1.25.2.1.4': 'fixedDisk',
  '1.3.6.1.2.1.25.2.1.5': 'removableDisk',
  '1.3.6.1.2.1.25.2.1.6': 'floppyDisk',
  '1.3.6.1.2.1.25.2.1.7': 'compactDisc',
  '1.3.6.1.2.1.25.2.1.8': 'ramDisk',
  '1.3.6.1.2.1.25.2.1.9': 'flashMemory',
  '1.3.6.1.2.1.25.2.1.10': 'networkDisk',
};

/** One hrStorageTable row in bytes. */
export interface StorageRow {
  index: number;
  type: string;
  descr: string;
  sizeBytes: number;
  usedBytes: number;
  /** Used percent, null when the size is zero (e.g. an empty drive). */
  usedPercent: number | null;
}

/** One processor's load (hrProcessorLoad, percent over the last minute). */
export interface ProcessorRow {
  index: number;
  loadPercent: number;
}

/** One hrDeviceTable row. */
export interface DeviceRow {
  index: number;
  descr: string;
  status?: 'unknown' | 'running' | 'warning' | 'testing' | 'down';
}

const DEVICE_STATUS = ['', 'unknown', 'running', 'warning', 'testing', 'down'] as const;

/** Maps hrStorageTable; rows with negative or missing sizes (32-bit overflow on some agents) are dropped. */
export function mapStorage(varbinds: readonly Varbind[]): StorageRow[] {
  const rows: StorageRow[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.hrStorageEntry)) {
    const units = int(row.get(4));
    const size = int(row.get(5));
    const used = int(row.get(6));
    if (units === undefined || size === undefined || used === undefined) continue;
    if (units <= 0 || size < 0 || used < 0) continue;
    const typeOid = oid(row.get(2));
    rows.push({
      index: Number(index),
      type: (typeOid && STORAGE_TYPES[typeOid]) ?? 'other',
      descr: text(row.get(3), 255) ?? `storage ${index}`,
      sizeBytes: size * units,
      usedBytes: used * units,
      usedPercent: size > 0 ? (used / size) * 100 : null,
    });
  }
  return rows.sort((a, b) => a.index - b.index);
}

/** Maps hrProcessorTable loads. */
export function mapProcessors(varbinds: readonly Varbind[]): ProcessorRow[] {
  const rows: ProcessorRow[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.hrProcessorEntry)) {
    const load = int(row.get(2));
    if (load === undefined || load < 0 || load > 100) continue;
    rows.push({ index: Number(index), loadPercent: load });
  }
  return rows.sort((a, b) => a.index - b.index);
}

/** Maps hrDeviceTable descriptions and status. */
export function mapDevices(varbinds: readonly Varbind[]): DeviceRow[] {
  const rows: DeviceRow[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.hrDeviceEntry)) {
    const descr = text(row.get(3), 255);
    if (!descr) continue;
    const s = int(row.get(5));
    const device: DeviceRow = { index: Number(index), descr };
    if (s !== undefined && s >= 1 && s <= 5) device.status = DEVICE_STATUS[s] as DeviceRow['status'];
    rows.push(device);
  }
  return rows.sort((a, b) => a.index - b.index);
}
