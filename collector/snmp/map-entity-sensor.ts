import { OIDS } from './oids.js';
import { toTable } from './table.js';
import { int } from './values.js';
import type { Varbind } from './varbind.js';

const TYPES = [
  '',
  'other',
  'unknown',
  'voltsAC',
  'voltsDC',
  'amperes',
  'watts',
  'hertz',
  'celsius',
  'percentRH',
  'rpm',
  'cmm',
  'truthvalue',
] as const;
const STATUS = ['', 'ok', 'unavailable', 'nonoperational'] as const;
/** entPhySensorScale exponents (yocto=1 .. yotta=17, units=9). */
const SCALE_EXP = [0, -24, -21, -18, -15, -12, -9, -6, -3, 0, 3, 6, 9, 12, 15, 18, 21, 24];

/** One ENTITY-SENSOR-MIB reading, already scaled to its base unit. */
export interface SensorReading {
  /** entPhysicalIndex of the sensor (names come from entPhysicalTable). */
  index: number;
  type: Exclude<(typeof TYPES)[number], ''>;
  value: number;
  status: Exclude<(typeof STATUS)[number], ''>;
}

/**
 * Maps entPhySensorTable: value x 10^(scale exponent) / 10^precision, so a temperature of
 * 415 with precision 1 and scale units reads 41.5 °C. Rows with out-of-range fields are dropped.
 */
export function mapSensors(varbinds: readonly Varbind[]): SensorReading[] {
  const out: SensorReading[] = [];
  for (const [index, row] of toTable(varbinds, OIDS.entPhySensorEntry)) {
    const type = int(row.get(1));
    const scale = int(row.get(2)) ?? 9;
    const precision = int(row.get(3)) ?? 0;
    const raw = int(row.get(4));
    const status = int(row.get(5)) ?? 1;
    if (type === undefined || type < 1 || type > 12 || raw === undefined) continue;
    if (scale < 1 || scale > 17 || precision < -8 || precision > 9 || status < 1 || status > 3) continue;
    out.push({
      index: Number(index),
      type: TYPES[type] as SensorReading['type'],
      value: raw * 10 ** (SCALE_EXP[scale]! - precision),
      status: STATUS[status] as SensorReading['status'],
    });
  }
  return out.sort((a, b) => a.index - b.index);
}
