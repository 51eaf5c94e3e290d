import { describe, expect, it } from 'vitest';
import { fixtureWalk } from './fixture.js';
import { mapCdp } from './map-cdp.js';
import { chassisOf, mapEntities } from './map-entity.js';
import { mapSensors } from './map-entity-sensor.js';
import { mapDevices, mapProcessors, mapStorage } from './map-host-resources.js';
import { interfaceName, mapInterfaces } from './map-interfaces.js';
import { mapIpAddresses } from './map-ip.js';
import { lldpLocalName, mapLldp } from './map-lldp.js';
import { mapSystem } from './map-system.js';
import { parseSnmprec } from './snmprec.js';
import { SnmpType, type Varbind } from './varbind.js';

const cisco = fixtureWalk('cisco-3750');
const linux = fixtureWalk('linux-host');
const lldp = fixtureWalk('lldp-sensors');

describe('system group', () => {
  it('maps the Catalyst recording', () => {
    const s = mapSystem(cisco);
    expect(s.sysName).toBe('Profiler3750');
    expect(s.sysObjectID).toBe('1.3.6.1.4.1.9.1.516');
    expect(s.sysLocation).toBe('Bangalore');
    expect(s.sysUpTime).toBe(697202257);
    expect(s.sysDescr).toMatch(/^Cisco IOS Software, C3750 Software/);
    expect(s.sysContact).toBeUndefined();
  });
  it('ignores wrong types and binary junk', () => {
    const s = mapSystem([
      { oid: '1.3.6.1.2.1.1.5.0', type: SnmpType.OctetString, value: Buffer.from([0xff, 0xfe, 0x01]) },
      { oid: '1.3.6.1.2.1.1.3.0', type: SnmpType.OctetString, value: Buffer.from('12') },
      { oid: '1.3.6.1.2.1.1.2.0', type: SnmpType.OID, value: 'not an oid' },
    ]);
    expect(s).toEqual({});
  });
});

describe('IF-MIB', () => {
  const rows = mapInterfaces(cisco);
  it('joins ifTable and ifXTable with 64-bit counters', () => {
    const fa = rows.find((r) => r.ifIndex === 11048)!;
    expect(fa.ifName).toBe('Fa3/0/48');
    expect(fa.ifDescr).toBe('FastEthernet3/0/48');
    expect(interfaceName(fa)).toBe('Fa3/0/48');
    expect(fa.hc).toBe(true);
    expect(fa.counters.inOctets).toBe(970693434542n);
    expect(fa.counters.outOctets).toBe(76614543604n);
    expect(fa.speedBps).toBe(100_000_000);
    expect(fa.adminStatus).toBe('up');
    expect(rows.length).toBe(new Set(rows.map((r) => r.ifIndex)).size);
    expect(rows.every((r, i) => i === 0 || rows[i - 1]!.ifIndex < r.ifIndex)).toBe(true);
  });
  it('counts admin-down interfaces in the recording', () => {
    expect(rows.filter((r) => r.adminStatus === 'down').length).toBeGreaterThan(0);
  });
  it('falls back to 32-bit counters and ifSpeed without ifXTable', () => {
    const only = mapInterfaces(cisco.filter((v) => !v.oid.startsWith('1.3.6.1.2.1.31.')));
    const fa = only.find((r) => r.ifIndex === 11048)!;
    expect(fa.hc).toBe(false);
    expect(fa.counters.inOctets).toBe(30785350n);
    expect(fa.ifName).toBeUndefined();
    expect(interfaceName(fa)).toBe('FastEthernet3/0/48');
  });
  it('drops rows with non-numeric indexes and out-of-range statuses', () => {
    const junk: Varbind[] = [
      { oid: '1.3.6.1.2.1.2.2.1.2.x', type: SnmpType.OctetString, value: Buffer.from('bad') },
      { oid: '1.3.6.1.2.1.2.2.1.8.7', type: SnmpType.Integer, value: 99 },
      { oid: '1.3.6.1.2.1.2.2.1', type: SnmpType.Integer, value: 1 },
    ];
    const r = mapInterfaces(junk);
    expect(r.map((x) => x.ifIndex)).toEqual([7]);
    expect(r[0]!.operStatus).toBeUndefined();
  });
});

describe('ENTITY-MIB', () => {
  it('finds the chassis serial and model', () => {
    const entities = mapEntities(cisco);
    const chassis = chassisOf(entities)!;
    expect(chassis.serial).toBe('CAT0952N20R');
    expect(chassis.model).toBe('WS-C3750-48PS-S');
    expect(entities.find((e) => e.index === 1)!.class).toBe('stack');
  });
});

describe('IP-MIB', () => {
  it('maps addresses to interfaces', () => {
    const ips = mapIpAddresses(cisco);
    expect(ips).toContainEqual({ address: '10.204.88.16', ifIndex: 60, netmask: '255.255.252.0' });
  });
});

describe('CISCO-CDP-MIB', () => {
  it('maps the neighbour of the Catalyst recording', () => {
    expect(mapCdp(cisco)).toEqual([
      {
        protocol: 'cdp',
        localIfIndex: 11048,
        remoteName: 'C2960X.uac.local',
        remotePort: 'GigabitEthernet1/0/8',
        remotePlatform: 'cisco WS-C2960X-24PD-L',
        remoteAddress: '10.204.88.10',
      },
    ]);
  });
});

describe('LLDP-MIB', () => {
  it('maps remote systems with MAC and text ids and drops rows with neither chassis nor name', () => {
    expect(lldpLocalName(lldp)).toBe('edge-sw-2');
    expect(mapLldp(lldp)).toEqual([
      {
        protocol: 'lldp',
        localIfIndex: 5,
        localPort: 'ge-0/0/5 uplink',
        remoteChassisId: '00:11:22:33:44:55',
        remotePort: 'Gi1/0/24',
        remotePortDescr: 'GigabitEthernet1/0/24',
        remoteName: 'core-sw-1.example.net',
      },
      {
        protocol: 'lldp',
        localIfIndex: 6,
        localPort: '00:19:e2:aa:bb:06',
        remoteChassisId: 'server-17',
        remotePort: '0a:0b:0c:0d:0e:0f',
      },
    ]);
  });
});

describe('ENTITY-SENSOR-MIB', () => {
  it('scales values and keeps status', () => {
    expect(mapSensors(lldp)).toEqual([
      { index: 1001, type: 'celsius', value: 41.5, status: 'ok' },
      { index: 1002, type: 'rpm', value: 0, status: 'nonoperational' },
      { index: 1003, type: 'voltsDC', value: 12.05, status: 'ok' },
    ]);
  });
});

describe('HOST-RESOURCES-MIB', () => {
  it('maps storage in bytes with used percent', () => {
    const storage = mapStorage(linux);
    const root = storage.find((s) => s.descr === '/')!;
    expect(root.type).toBe('fixedDisk');
    expect(root.sizeBytes).toBeGreaterThan(0);
    expect(root.usedPercent).toBeCloseTo((root.usedBytes / root.sizeBytes) * 100, 6);
    expect(storage.find((s) => s.descr === 'Physical memory')!.type).toBe('ram');
  });
  it('maps processor loads and devices', () => {
    expect(mapProcessors(linux)).toEqual([
      { index: 768, loadPercent: 13 },
      { index: 769, loadPercent: 9 },
    ]);
    expect(mapDevices(linux).find((d) => d.index === 768)!.descr).toMatch(/Intel/);
  });
  it('drops negative sizes (32-bit overflow) and zero allocation units', () => {
    const rows = parseSnmprec(
      [
        '1.3.6.1.2.1.25.2.3.1.3.1|4|/big',
        '1.3.6.1.2.1.25.2.3.1.4.1|2|4096',
        '1.3.6.1.2.1.25.2.3.1.5.1|2|-5',
        '1.3.6.1.2.1.25.2.3.1.6.1|2|1',
        '1.3.6.1.2.1.25.2.3.1.3.2|4|/zero',
        '1.3.6.1.2.1.25.2.3.1.4.2|2|0',
        '1.3.6.1.2.1.25.2.3.1.5.2|2|10',
        '1.3.6.1.2.1.25.2.3.1.6.2|2|1',
      ].join('\n'),
    );
    expect(mapStorage(rows)).toEqual([]);
  });
});

describe('snmprec parser', () => {
  it('reads hex, variation initial values and skips garbage lines', () => {
    const vbs = parseSnmprec(
      '1.3.6.1.2.1.1.3.0|67:numeric|rate=100,initial=42\n|||\nno pipes\n1.3.6.1.2.1.1.5.0|4x|6869\n1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615\n',
    );
    expect(vbs).toEqual([
      { oid: '1.3.6.1.2.1.1.3.0', type: 67, value: 42 },
      { oid: '1.3.6.1.2.1.1.5.0', type: 4, value: Buffer.from('hi') },
      { oid: '1.3.6.1.2.1.31.1.1.1.6.1', type: 70, value: 18446744073709551615n },
    ]);
  });
});
