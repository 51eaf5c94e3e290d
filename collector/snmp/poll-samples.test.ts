import { describe, expect, it } from 'vitest';
import { fixtureWalk } from './fixture.js';
import { mapSensors } from './map-entity-sensor.js';
import { mapProcessors, mapStorage } from './map-host-resources.js';
import { mapInterfaces } from './map-interfaces.js';
import { type DevicePoll, pollSamples } from './poll-samples.js';

const cisco = fixtureWalk('cisco-3750');
const linux = fixtureWalk('linux-host');
const sensors = fixtureWalk('lldp-sensors');

function poll(atMs: number, sysUpTime: number, bump = 0n): DevicePoll {
  const rows = mapInterfaces(cisco).map((r) => ({
    ...r,
    counters: { ...r.counters, inOctets: (r.counters.inOctets ?? 0n) + bump },
  }));
  return {
    interfaces: { atMs, sysUpTime, rows },
    storage: mapStorage(linux),
    processors: mapProcessors(linux),
    sensors: mapSensors(sensors),
    entityNames: new Map([[1001, 'CPU temp']]),
  };
}

describe('pollSamples', () => {
  const first = pollSamples(undefined, poll(0, 1000));
  it('reports oper status only for administratively up interfaces', () => {
    const rows = mapInterfaces(cisco);
    const up = first.filter((s) => s.name === 'interface.oper_up');
    expect(up).toHaveLength(rows.filter((r) => r.adminStatus === 'up').length);
    const adminDown = rows.find((r) => r.adminStatus === 'down')!;
    expect(up.some((s) => s.labels.ifIndex === String(adminDown.ifIndex))).toBe(false);
    expect(up.some((s) => s.value === 0)).toBe(true);
  });
  it('has no rates on the first poll, rates on the second, none across an agent restart', () => {
    expect(first.some((s) => s.name === 'interface.in_bps')).toBe(false);
    const second = pollSamples(poll(0, 1000), poll(60_000, 7000, 7_500_000n));
    const fa = second.find((s) => s.name === 'interface.in_bps' && s.labels.ifName === 'Fa3/0/48')!;
    expect(fa.value).toBe(1_000_000);
    expect(
      second.find((s) => s.name === 'interface.utilisation_percent' && s.labels.ifName === 'Fa3/0/48')!.value,
    ).toBe(1);
    const restarted = pollSamples(poll(0, 9_000_000), poll(60_000, 500, 7_500_000n));
    expect(restarted.some((s) => s.name === 'interface.in_bps')).toBe(false);
  });
  it('reports disk storage, processor load and sensors with entity names', () => {
    const storage = first.filter((s) => s.name === 'storage.used_percent').map((s) => s.labels.storage);
    expect(storage).toContain('/');
    expect(storage).not.toContain('Physical memory');
    expect(first).toContainEqual({ name: 'processor.load_percent', labels: { processor: '768' }, value: 13 });
    expect(first).toContainEqual({
      name: 'sensor.value',
      labels: { sensor: 'CPU temp', type: 'celsius' },
      value: 41.5,
    });
    expect(first).toContainEqual({
      name: 'sensor.ok',
      labels: { sensor: 'sensor 1002', type: 'rpm' },
      value: 0,
    });
  });
});
