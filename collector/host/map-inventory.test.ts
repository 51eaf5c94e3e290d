import { describe, expect, it } from 'vitest';
import { selectFilesystems } from './filesystem-selection.js';
import { type HostFixture, loadHostFixture } from './fixture-system-information.js';
import { InterfaceCatalogue } from './interface-catalogue.js';
import { isVirtualHost } from './inventory-host.js';
import { mapInventory } from './map-inventory.js';
import { resolveProbeOptions } from './probe-options.js';

const options = resolveProbeOptions({}, 'fallback-host');
const AT = Date.parse('2026-01-01T00:00:00Z');

function inventoryOf(fixture: HostFixture) {
  const catalogue = new InterfaceCatalogue(options.interfaceFilter, options.maxInterfaces);
  catalogue.update(fixture['networkInterfaces']);
  return mapInventory(
    {
      ...fixture,
      filesystems: selectFilesystems(fixture['fsSize'], options),
      interfaces: catalogue.known(),
      hostname: typeof fixture.hostname === 'string' ? fixture.hostname : 'fallback-host',
    },
    AT,
  );
}

describe('mapInventory on real systeminformation output (Debian 12 VM)', () => {
  const batch = inventoryOf(loadHostFixture('vm-debian-12'));
  const host = batch.cis[0]!;

  it('identifies the host by what is real: no junk serial, no fqdn without a dot', () => {
    expect(host).toMatchObject({ ref: 'host', class: 'host', name: 'vm' });
    expect(host.identifiers).toEqual({
      uuid: '3d1219c7c4c5404aaa1f6d2a48adfda4',
      macs: '02:fc:00:00:00:01',
      hostname: 'vm',
    });
  });

  it('describes OS, CPU and memory and flags the VM as virtual', () => {
    expect(host.attributes).toMatchObject({
      osDistro: 'Debian GNU/Linux',
      osRelease: '12',
      arch: 'x64',
      cpuModel: 'AMD EPYC',
      cpuCores: 2,
      memoryTotalBytes: 25276026880,
      model: 'Docker Container',
      virtual: true,
    });
    expect(host.attributes).not.toHaveProperty('serial');
  });

  it('adds the interface, root filesystem and virtual disk, each contained by the host', () => {
    expect(batch.cis.slice(1).map((ci) => ci.ref)).toEqual([
      'interface:eth0',
      'filesystem:/',
      'disk:/dev/vda',
    ]);
    expect(batch.relations).toEqual(
      batch.cis.slice(1).map((ci) => ({ from: 'host', to: ci.ref, type: 'contains' })),
    );
    expect(batch).toMatchObject({ source: 'host', observedAt: AT });
  });
});

describe('mapInventory on a bare-metal host', () => {
  const batch = inventoryOf(loadHostFixture('bare-metal'));
  const host = batch.cis[0]!;
  const byRef = new Map(batch.cis.map((ci) => [ci.ref, ci]));

  it('identifies the host by serial, SMBIOS uuid, physical MACs and fqdn, strongest first', () => {
    expect(Object.entries(host.identifiers)).toEqual([
      ['serial', '7XK2N83'],
      ['uuid', '4c4c4544-0058-4b10-8032-b7c04f4e3833'],
      ['macs', 'b8:2a:72:d0:11:01,b8:2a:72:d0:11:02'],
      ['fqdn', 'db-prod-01.example.net'],
      ['hostname', 'db-prod-01'],
    ]);
    expect(host.attributes).toMatchObject({ vendor: 'Dell Inc.', model: 'PowerEdge R640', virtual: false });
  });

  it('describes interfaces without docker bridges and veths', () => {
    expect(byRef.get('interface:eno1')).toMatchObject({
      class: 'interface',
      identifiers: { ifName: 'eno1' },
      attributes: { mac: 'b8:2a:72:d0:11:01', ipv4: '10.0.1.21', speedMbps: 10000, mtu: 9000, default: true },
    });
    expect(byRef.get('interface:eno2')?.attributes).not.toHaveProperty('speedMbps');
    expect(byRef.has('interface:docker0')).toBe(false);
    expect(byRef.has('interface:veth1a2b3c')).toBe(false);
  });

  it('merges physical disks from diskLayout with block devices, skipping loop, rom and zram', () => {
    const disks = batch.cis.filter((ci) => ci.class === 'disk');
    expect(disks.map((d) => [d.name, d.identifiers])).toEqual([
      ['nvme0n1', { serial: 'S463NF0M512345', device: '/dev/nvme0n1' }],
      ['sda', { serial: 'ZC1ABCDE', device: '/dev/sda' }],
      ['sdb', { device: '/dev/sdb' }],
    ]);
    expect(disks[0]!.attributes).toMatchObject({
      type: 'NVMe',
      model: 'Samsung SSD 970 PRO 512GB',
      sizeBytes: 512110190592,
      smartStatus: 'Ok',
    });
  });

  it('lists real filesystems only', () => {
    const mounts = batch.cis.filter((ci) => ci.class === 'filesystem').map((ci) => ci.name);
    expect(mounts).toEqual(['/', '/boot/efi', '/data', '/backup']);
  });
});

describe('mapInventory on malformed output', () => {
  it('never uses placeholder values as identifiers', () => {
    const batch = inventoryOf(loadHostFixture('malformed'));
    const host = batch.cis[0]!;
    expect(host.name).toBe('Default string');
    expect(host.identifiers).toEqual({});
    expect(host.attributes).toEqual({ virtual: false });
    expect(batch.cis.filter((ci) => ci.class === 'disk').map((ci) => ci.identifiers)).toEqual([
      { device: '/dev/sdb' },
    ]);
  });

  it('builds a host CI from the OS host name when every call failed', () => {
    const batch = mapInventory({ interfaces: [], filesystems: [], hostname: 'web-1' }, AT);
    expect(batch.cis).toEqual([
      {
        ref: 'host',
        class: 'host',
        name: 'web-1',
        identifiers: { hostname: 'web-1' },
        attributes: { virtual: false },
      },
    ]);
    expect(batch.relations).toEqual([]);
  });
});

describe('isVirtualHost', () => {
  it('recognises VMs by flag, CPU hypervisor bit or hypervisor model name', () => {
    expect(isVirtualHost({ virtual: true }, {})).toBe(true);
    expect(isVirtualHost({}, { flags: 'fpu vme hypervisor lahf_lm' })).toBe(true);
    expect(isVirtualHost({ model: 'VMware Virtual Platform' }, {})).toBe(true);
    expect(isVirtualHost({ model: 'PowerEdge R640' }, { flags: 'fpu vme' })).toBe(false);
  });
});
