import { OIDS } from './oids.js';
import { toTable } from './table.js';
import { int, text } from './values.js';
import type { Varbind } from './varbind.js';

const CLASSES = [
  '',
  'other',
  'unknown',
  'chassis',
  'backplane',
  'container',
  'powerSupply',
  'fan',
  'sensor',
  'module',
  'port',
  'stack',
  'cpu',
] as const;

/** One ENTITY-MIB entPhysicalTable row: a piece of hardware. */
export interface PhysicalEntity {
  index: number;
  descr?: string;
  containedIn?: number;
  class?: Exclude<(typeof CLASSES)[number], ''>;
  name?: string;
  hardwareRev?: string;
  firmwareRev?: string;
  softwareRev?: string;
  serial?: string;
  manufacturer?: string;
  model?: string;
}

/** Maps entPhysicalTable, ordered by index. */
export function mapEntities(varbinds: readonly Varbind[]): PhysicalEntity[] {
  const out: PhysicalEntity[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.entPhysicalEntry)) {
    if (!/^\d+$/.test(index)) continue;
    const e: PhysicalEntity = { index: Number(index) };
    const put = <K extends keyof PhysicalEntity>(key: K, value: PhysicalEntity[K] | undefined) => {
      if (value !== undefined && value !== '') e[key] = value;
    };
    const cls = int(row.get(5));
    put('descr', text(row.get(2), 255));
    put('containedIn', int(row.get(4)));
    put(
      'class',
      cls !== undefined && cls >= 1 && cls <= 12 ? (CLASSES[cls] as PhysicalEntity['class']) : undefined,
    );
    put('name', text(row.get(7), 255));
    put('hardwareRev', text(row.get(8), 255));
    put('firmwareRev', text(row.get(9), 255));
    put('softwareRev', text(row.get(10), 255));
    put('serial', text(row.get(11), 64));
    put('manufacturer', text(row.get(12), 255));
    put('model', text(row.get(13), 255));
    out.push(e);
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The device's own chassis: the first chassis (or, failing that, stack) entity with a serial.
 * Its serial identifies the network device in the CMDB.
 */
export function chassisOf(entities: readonly PhysicalEntity[]): PhysicalEntity | undefined {
  return (
    entities.find((e) => e.class === 'chassis' && e.serial) ??
    entities.find((e) => e.class === 'stack' && e.serial)
  );
}
