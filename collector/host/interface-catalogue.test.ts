import { describe, expect, it } from 'vitest';
import { InterfaceCatalogue } from './interface-catalogue.js';
import { createNameFilter } from './name-pattern.js';
import { DEFAULT_EXCLUDED_INTERFACES } from './probe-options.js';

const filter = createNameFilter({ exclude: DEFAULT_EXCLUDED_INTERFACES });
const nic = (iface: string, extra: Record<string, unknown> = {}) => ({
  iface,
  mac: '02:00:00:00:00:01',
  ...extra,
});

describe('InterfaceCatalogue', () => {
  it('polls every interface before it has learnt any, filtering by name', () => {
    const catalogue = new InterfaceCatalogue(filter, 8);
    expect(catalogue.pollList()).toBe('*');
    expect(catalogue.isMonitored('eth0')).toBe(true);
    expect(catalogue.isMonitored('veth9')).toBe(false);
    expect(catalogue.isMonitored('lo')).toBe(false);
  });

  it('learns monitored interfaces, skipping loopback and container interfaces', () => {
    const catalogue = new InterfaceCatalogue(filter, 8);
    const current = catalogue.update([
      nic('lo', { internal: true }),
      nic('eth0'),
      nic('docker0'),
      nic('veth1'),
    ]);
    expect(current.map((i) => i.name)).toEqual(['eth0']);
    expect(catalogue.pollList()).toBe('eth0');
    expect(catalogue.isMonitored('docker0')).toBe(false);
  });

  it('keeps polling an interface that vanished from networkInterfaces (it went down)', () => {
    const catalogue = new InterfaceCatalogue(filter, 8);
    catalogue.update([nic('eth0'), nic('eth1')]);
    const current = catalogue.update([nic('eth0')]);
    expect(current.map((i) => i.name)).toEqual(['eth0']);
    expect(catalogue.pollList()).toBe('eth0,eth1');
    expect(catalogue.isMonitored('eth1')).toBe(true);
    expect(catalogue.known().map((i) => i.name)).toEqual(['eth0', 'eth1']);
  });

  it('caps the number of interfaces and has nothing to poll when none qualify', () => {
    const capped = new InterfaceCatalogue(filter, 2);
    capped.update([nic('eth0'), nic('eth1'), nic('eth2')]);
    expect(capped.pollList()).toBe('eth0,eth1');
    const empty = new InterfaceCatalogue(filter, 2);
    empty.update([nic('lo', { internal: true })]);
    expect(empty.pollList()).toBeUndefined();
  });
});
