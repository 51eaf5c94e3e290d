import type { MetricSample } from '../sample.js';
import { type InterfacePoll, interfaceRates } from './interface-rates.js';
import type { SensorReading } from './map-entity-sensor.js';
import type { ProcessorRow, StorageRow } from './map-host-resources.js';
import { interfaceName } from './map-interfaces.js';

/** One device poll after mapping; the input of the sample builder. */
export interface DevicePoll {
  interfaces: InterfacePoll;
  storage: StorageRow[];
  processors: ProcessorRow[];
  sensors: SensorReading[];
  /** entPhysicalName by entPhysicalIndex, for sensor labels (from the last inventory). */
  entityNames?: ReadonlyMap<number, string>;
}

/** Storage types whose fill level is worth alerting on (not RAM, swap or buffers). */
const ALERTABLE_STORAGE = new Set(['fixedDisk', 'networkDisk', 'removableDisk', 'flashMemory']);

/**
 * Turns a device poll (and the previous one, for rates) into metric samples for threshold rules
 * (`rules/defaults/snmp.yaml`). Interfaces that are administratively down produce no
 * `interface.oper_up` sample, so they never fire (and a firing one resolves as stale). Rates are
 * left out for intervals that cannot be trusted (first poll, agent restart, counter reset).
 */
export function pollSamples(prev: DevicePoll | undefined, cur: DevicePoll): MetricSample[] {
  const samples: MetricSample[] = [];
  const rates = new Map(interfaceRates(prev?.interfaces, cur.interfaces).map((r) => [r.ifIndex, r]));
  for (const row of cur.interfaces.rows) {
    const labels = { ifName: interfaceName(row), ifIndex: String(row.ifIndex) };
    if (row.adminStatus === 'up' && row.operStatus !== undefined) {
      samples.push({ name: 'interface.oper_up', labels, value: row.operStatus === 'up' ? 1 : 0 });
    }
    const r = rates.get(row.ifIndex);
    if (!r) continue;
    const push = (name: string, value: number | null) => {
      if (value !== null) samples.push({ name, labels, value: Math.round(value * 1000) / 1000 });
    };
    push('interface.in_bps', r.inBps);
    push('interface.out_bps', r.outBps);
    push(
      'interface.utilisation_percent',
      r.inUtilisation === null && r.outUtilisation === null
        ? null
        : Math.max(r.inUtilisation ?? 0, r.outUtilisation ?? 0),
    );
    push(
      'interface.errors_per_second',
      r.inErrorsPerSec === null || r.outErrorsPerSec === null ? null : r.inErrorsPerSec + r.outErrorsPerSec,
    );
    push(
      'interface.discards_per_second',
      r.inDiscardsPerSec === null || r.outDiscardsPerSec === null
        ? null
        : r.inDiscardsPerSec + r.outDiscardsPerSec,
    );
  }
  for (const s of cur.storage) {
    if (!ALERTABLE_STORAGE.has(s.type) || s.usedPercent === null) continue;
    samples.push({
      name: 'storage.used_percent',
      labels: { storage: s.descr },
      value: Math.round(s.usedPercent * 100) / 100,
    });
  }
  for (const p of cur.processors) {
    samples.push({
      name: 'processor.load_percent',
      labels: { processor: String(p.index) },
      value: p.loadPercent,
    });
  }
  for (const s of cur.sensors) {
    const labels = { sensor: cur.entityNames?.get(s.index) ?? `sensor ${s.index}`, type: s.type };
    samples.push({ name: 'sensor.ok', labels, value: s.status === 'ok' ? 1 : 0 });
    if (s.status === 'ok') samples.push({ name: 'sensor.value', labels, value: s.value });
  }
  return samples;
}
