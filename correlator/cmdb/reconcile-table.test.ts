import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, T0 } from '../../test/support/records.js';
import { createVigilMetrics } from '../metrics/vigil-metrics.js';
import type { CiObservation, ObservationBatch } from '../model/observation.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { Cmdb } from './cmdb.js';

/** The same server as the host probe sees it (systeminformation). */
const byHostProbe = (): CiObservation => ({
  ref: 'host',
  class: 'host',
  name: 'web-1',
  identifiers: {
    serial: 'CZ1234ABCD',
    uuid: '4C4C4544-0042-3510-8052-B4C04F4A3132',
    macs: '52:54:00:aa:bb:01,52:54:00:aa:bb:02',
    hostname: 'web-1',
  },
  attributes: { os: 'Debian 12', cpus: 8, memoryBytes: 34359738368 },
});

/** ... as the SSH collector sees it (dmidecode, ip link, hostname -f): other case and order. */
const bySsh = (): CiObservation => ({
  ref: 'host',
  class: 'host',
  name: 'web-1',
  identifiers: {
    serial: 'cz1234abcd',
    uuid: '4c4c4544-0042-3510-8052-b4c04f4a3132',
    macs: '52:54:00:AA:BB:02 52:54:00:AA:BB:01',
    fqdn: 'web-1.example.com.',
    hostname: 'web-1',
  },
  attributes: { os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-18-amd64' },
});

/** ... as SNMP sees it (HOST-RESOURCES-MIB, sysName, ifPhysAddress with loopback's zero MAC). */
const bySnmp = (): CiObservation => ({
  ref: 'host',
  class: 'host',
  name: 'WEB-1',
  identifiers: { hostname: 'WEB-1', macs: '000000000000,5254.00aa.bb01,5254.00aa.bb02' },
  attributes: { os: 'Linux', sysDescr: 'Linux web-1 6.1.0-18-amd64 #1 SMP x86_64' },
});

const SIGHTINGS: Record<string, () => CiObservation> = { host: byHostProbe, ssh: bySsh, snmp: bySnmp };

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('reconciliation tables', () => {
  let store: SqliteStore;
  let cmdb: Cmdb;
  let now: number;
  const observe = (source: string, cis: CiObservation[], relations: ObservationBatch['relations'] = []) => {
    now += HOUR;
    return cmdb.observe({ source, observedAt: now, cis, relations });
  };
  const all = async () => (await store.listCis({ limit: 1000 })).items;

  beforeEach(() => {
    store = new SqliteStore({ path: ':memory:' });
    cmdb = new Cmdb(store, createVigilMetrics(new Registry()));
    now = T0;
  });
  afterEach(async () => {
    await store.close();
  });

  for (const order of permutations(['host', 'ssh', 'snmp'])) {
    it(`one machine seen by ${order.join(' -> ')} is one CI`, async () => {
      const ids = new Set<string>();
      for (const source of order) ids.add((await observe(source, [SIGHTINGS[source]!()])).ids.get('host')!);
      expect(ids.size).toBe(1);
      const cis = await all();
      expect(cis).toHaveLength(1);
      const ci = cis[0]!;
      expect(ci.sources.slice().sort()).toEqual(['host', 'snmp', 'ssh']);
      expect(ci.state).toBe('active');
      // Whatever the order: names and values by precedence (ssh > snmp > host), identifiers canonical.
      expect(ci.name).toBe('web-1');
      expect(ci.attributes['os']).toMatchObject({ value: 'Debian GNU/Linux 12 (bookworm)', source: 'ssh' });
      expect(ci.attributes['cpus']).toMatchObject({ value: 8, source: 'host' });
      expect(ci.attributes['sysDescr']).toMatchObject({ source: 'snmp' });
      expect(ci.identifiers).toMatchObject({
        serial: 'CZ1234ABCD',
        uuid: '4c4c4544-0042-3510-8052-b4c04f4a3132',
        macs: '52:54:00:aa:bb:01,52:54:00:aa:bb:02',
        fqdn: 'web-1.example.com',
        hostname: 'web-1',
      });
      // Each source's own value is kept, also the overruled ones.
      expect(Object.keys(ci.observed!['os']!).sort()).toEqual(['host', 'snmp', 'ssh']);
    });
  }

  it('a replaced NIC: the host keeps its CI (found by serial) and its MAC set follows', async () => {
    const first = await observe('host', [byHostProbe()]);
    const replaced = byHostProbe();
    replaced.identifiers['macs'] = '52:54:00:aa:bb:01,52:54:00:cc:dd:99';
    const second = await observe('host', [replaced]);
    expect(second.ids.get('host')).toBe(first.ids.get('host'));
    expect((await all())[0]!.identifiers['macs']).toBe('52:54:00:aa:bb:01,52:54:00:cc:dd:99');
    // SNMP, which only knows names and MACs, now finds it by the new set.
    const snmp = bySnmp();
    snmp.identifiers['macs'] = '52:54:00:aa:bb:01 52:54:00:cc:dd:99';
    expect((await observe('snmp', [snmp])).ids.get('host')).toBe(first.ids.get('host'));
    expect(await all()).toHaveLength(1);
  });

  it('a replaced NIC on a machine without serial or UUID: found by FQDN as one MAC survived', async () => {
    const vm = (macs: string): CiObservation => ({
      ref: 'host',
      class: 'host',
      name: 'vm-3',
      identifiers: { serial: 'To Be Filled By O.E.M.', macs, fqdn: 'vm-3.example.com' },
      attributes: {},
    });
    const a = await observe('ssh', [vm('02:00:00:00:00:01,02:00:00:00:00:02')]);
    const b = await observe('ssh', [vm('02:00:00:00:00:01,02:00:00:00:00:03')]);
    expect(b.ids.get('host')).toBe(a.ids.get('host'));
    // The placeholder serial was never taken for an identifier.
    expect((await all())[0]!.identifiers['serial']).toBeUndefined();
  });

  it('a reinstalled OS: same hardware, new name and OS, one CI with the change in its history', async () => {
    const first = await observe('ssh', [bySsh()]);
    const id = first.ids.get('host')!;
    const reinstalled = bySsh();
    reinstalled.name = 'app-7';
    reinstalled.identifiers['hostname'] = 'app-7';
    reinstalled.identifiers['fqdn'] = 'app-7.example.com';
    reinstalled.attributes = { os: 'AlmaLinux 9.4', kernel: '5.14.0-427' };
    const second = await observe('ssh', [reinstalled]);
    expect(second.ids.get('host')).toBe(id);
    const ci = await store.getCi(id);
    expect(ci).toMatchObject({
      name: 'app-7',
      identifiers: { hostname: 'app-7', fqdn: 'app-7.example.com' },
    });
    const history = await store.ciHistory(id, 10);
    expect(history.find((h) => h.attribute === 'os' && h.oldValue !== undefined)).toMatchObject({
      oldValue: 'Debian GNU/Linux 12 (bookworm)',
      newValue: 'AlmaLinux 9.4',
      source: 'ssh',
    });
    expect(await store.findCiByIdentifier('host', 'hostname', 'web-1', null)).toBeNull();
  });

  it('two machines with the same hostname stay two CIs, and name-only sightings go to the right one', async () => {
    const machine = (serial: string, mac: string): CiObservation => ({
      ref: 'host',
      class: 'host',
      name: 'db',
      identifiers: { serial, macs: mac, hostname: 'db' },
      attributes: { rack: serial === 'SN-A' ? 'A1' : 'B7' },
    });
    const a = await observe('host', [machine('SN-A', '02:00:00:00:0a:01')]);
    const b = await observe('host', [machine('SN-B', '02:00:00:00:0b:01')]);
    expect(b.ids.get('host')).not.toBe(a.ids.get('host'));
    const snmpOf = (mac: string): CiObservation => ({
      ref: 'host',
      class: 'host',
      name: 'db',
      identifiers: { hostname: 'db', macs: mac },
      attributes: {},
    });
    expect((await observe('snmp', [snmpOf('02:00:00:00:0a:01')])).ids.get('host')).toBe(a.ids.get('host'));
    expect((await observe('snmp', [snmpOf('02:00:00:00:0b:01')])).ids.get('host')).toBe(b.ids.get('host'));
    // A third box called db with MACs of neither is a third CI, not merged by name.
    const c = await observe('snmp', [snmpOf('02:00:00:00:0c:01')]);
    expect([a.ids.get('host'), b.ids.get('host')]).not.toContain(c.ids.get('host'));
    expect(await all()).toHaveLength(3);
  });

  it('network devices: by serial, then sysName + sysObjectID; another model with the same name is another CI', async () => {
    const device = (identifiers: Record<string, string>): CiObservation => ({
      ref: 'dev',
      class: 'network_device',
      name: identifiers['sysName'] ?? 'x',
      identifiers,
      attributes: {},
    });
    const polled = await observe('snmp', [
      device({ serial: 'FOC1234X0AB', sysName: 'core-sw-1', sysObjectID: '.1.3.6.1.4.1.9.1.2494' }),
    ]);
    const swept = await observe('snmp', [
      device({ sysName: 'CORE-SW-1', sysObjectID: '1.3.6.1.4.1.9.1.2494' }),
    ]);
    expect(swept.ids.get('dev')).toBe(polled.ids.get('dev'));
    const other = await observe('snmp', [
      device({ sysName: 'core-sw-1', sysObjectID: '1.3.6.1.4.1.2636.1.1.1.2.29' }),
    ]);
    expect(other.ids.get('dev')).not.toBe(polled.ids.get('dev'));
    const renamed = await observe('snmp', [
      device({ serial: 'foc1234x0ab', sysName: 'core-sw-01', sysObjectID: '1.3.6.1.4.1.9.1.2494' }),
    ]);
    expect(renamed.ids.get('dev')).toBe(polled.ids.get('dev'));
  });

  it('interfaces by parent and ifName (then ifIndex); filesystems by parent and mount point', async () => {
    const dev: CiObservation = {
      ref: 'dev',
      class: 'network_device',
      name: 'edge-1',
      identifiers: { serial: 'E1' },
      attributes: {},
    };
    const iface = (ifName: string, ifIndex: string): CiObservation => ({
      ref: `if:${ifName}`,
      class: 'interface',
      name: ifName,
      identifiers: { ifName, ifIndex },
      attributes: {},
    });
    const contains = (refs: string[]) => refs.map((to) => ({ from: 'dev', to, type: 'contains' as const }));
    const first = await observe(
      'snmp',
      [dev, iface('Gi0/1', '1'), iface('Gi0/2', '2')],
      contains(['if:Gi0/1', 'if:Gi0/2']),
    );
    // After a reboot the agent swapped the ifIndex numbers: names still decide.
    const second = await observe(
      'snmp',
      [dev, iface('Gi0/1', '2'), iface('Gi0/2', '1')],
      contains(['if:Gi0/1', 'if:Gi0/2']),
    );
    expect(second.ids.get('if:Gi0/1')).toBe(first.ids.get('if:Gi0/1'));
    expect(second.ids.get('if:Gi0/2')).toBe(first.ids.get('if:Gi0/2'));
    expect((await store.listCis({ class: 'interface', limit: 10 })).items).toHaveLength(2);

    const fs = (host: string, serial: string) =>
      observe(
        'ssh',
        [
          { ref: 'h', class: 'host', name: host, identifiers: { serial }, attributes: {} },
          { ref: 'fs', class: 'filesystem', name: '/var', identifiers: { mount: '/var' }, attributes: {} },
        ],
        [{ from: 'h', to: 'fs', type: 'contains' }],
      );
    const x = await fs('x', 'SX');
    const y = await fs('y', 'SY');
    expect(y.ids.get('fs')).not.toBe(x.ids.get('fs'));
    expect((await fs('x', 'SX')).ids.get('fs')).toBe(x.ids.get('fs'));
  });

  it('keeps relation provenance and confidence, clamped to 0..1', async () => {
    const result = await observe(
      'snmp',
      [
        { ref: 'a', class: 'network_device', name: 'a', identifiers: { serial: 'A' }, attributes: {} },
        { ref: 'b', class: 'network_device', name: 'b', identifiers: { serial: 'B' }, attributes: {} },
        { ref: 'c', class: 'network_device', name: 'c', identifiers: { serial: 'C' }, attributes: {} },
      ],
      [
        { from: 'a', to: 'b', type: 'connected_to', confidence: 0.6 },
        { from: 'a', to: 'c', type: 'connected_to', confidence: 7 },
      ],
    );
    const relations = await store.relationsOf(result.ids.get('a')!);
    expect(relations.map((r) => [r.toId, r.source, r.confidence])).toEqual([
      [result.ids.get('b'), 'snmp', 0.6],
      [result.ids.get('c'), 'snmp', 1],
    ]);
  });
});
