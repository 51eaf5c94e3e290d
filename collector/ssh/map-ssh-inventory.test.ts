import { describe, expect, it } from 'vitest';
import { selectFilesystems } from '../host/filesystem-selection.js';
import { loadHostFixture } from '../host/fixture-system-information.js';
import { InterfaceCatalogue } from '../host/interface-catalogue.js';
import { mapInventory } from '../host/map-inventory.js';
import { resolveProbeOptions } from '../host/probe-options.js';
import { mapSshInventory } from './map-ssh-inventory.js';
import { DISTROS, fixture, HOSTILE_INPUTS } from './parse/fixture.js';
import { INVENTORY_SECTIONS } from './scripts.js';

const AT = Date.parse('2026-01-01T00:00:00Z');
const hostKey = { fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519', trust: 'known_hosts' as const };

function sectionsOf(distro: string): Map<string, string> {
  return new Map(INVENTORY_SECTIONS.map((name) => [name, fixture(distro, name)]));
}

function inventory(distro: string) {
  return mapSshInventory(sectionsOf(distro), { address: '10.0.0.5', hostKey, observedAt: AT });
}

describe('mapSshInventory', () => {
  it('builds a host with filesystem, interface and disk children linked by contains (Rocky, bare metal)', () => {
    const batch = inventory('rocky-9');
    expect(batch.source).toBe('ssh');
    expect(batch.observedAt).toBe(AT);
    const host = batch.cis[0]!;
    expect(host.identifiers).toEqual({
      serial: '7XK2M93',
      uuid: '4c4c4544-0058-4b10-8032-b7c04f4d3933',
      macs: 'b0:26:28:4e:1a:90',
      fqdn: 'db01.example.com',
      hostname: 'db01',
    });
    expect(host.attributes).toMatchObject({
      osDistro: 'Rocky Linux',
      osRelease: '9.3',
      kernel: '5.14.0-362.8.1.el9_3.x86_64',
      arch: 'x64',
      cpuModel: 'Intel Xeon(R) Silver 4210R CPU @ 2.40GHz',
      cpuCores: 8,
      cpuPhysicalCores: 4,
      memoryTotalBytes: 65544892 * 1024,
      vendor: 'Dell Inc.',
      model: 'PowerEdge R640',
      virtual: false,
      sshAddress: '10.0.0.5',
      sshHostKeyFingerprint: 'SHA256:abc',
      sshHostKeyTrust: 'known_hosts',
      osId: 'rocky',
    });
    const refs = batch.cis.slice(1).map((ci) => ci.ref);
    expect(refs).toEqual([
      'interface:eno1',
      'filesystem:/',
      'filesystem:/boot',
      'filesystem:/boot/efi',
      'filesystem:/home',
      'filesystem:/var/lib/pgsql',
      'disk:/dev/sda',
      'disk:/dev/nvme0n1',
    ]);
    expect(batch.relations).toEqual(refs.map((to) => ({ from: 'host', to, type: 'contains' })));
    expect(batch.cis.find((ci) => ci.ref === 'disk:/dev/nvme0n1')?.identifiers).toEqual({
      serial: 'S61DNE0R502318',
      device: '/dev/nvme0n1',
    });
  });

  it('handles BusyBox (Alpine): plain ip addr, df without types, /sys/block, no systemd, no machine-id', () => {
    const batch = inventory('alpine-3.19');
    const host = batch.cis[0]!;
    expect(host.identifiers).toEqual({ macs: '02:42:ac:11:00:02,06:1f:9a:3c:44:d1', hostname: 'edge-gw-3' });
    expect(host.attributes).toMatchObject({ osDistro: 'Alpine Linux', virtual: true, vendor: 'Xen' });
    expect(batch.cis.map((ci) => ci.ref)).toEqual(
      expect.arrayContaining(['filesystem:/', 'filesystem:/srv/My Data', 'disk:/dev/xvda', 'disk:/dev/xvdf']),
    );
    expect(batch.cis.some((ci) => ci.ref === 'disk:/dev/loop0' || ci.ref === 'interface:lo')).toBe(false);
  });

  it('identifies this Debian VM exactly as the local host probe does, so the CMDB merges both views', () => {
    const ssh = inventory('debian-12').cis[0]!;
    const options = resolveProbeOptions({}, 'vm');
    const local = loadHostFixture('vm-debian-12');
    const catalogue = new InterfaceCatalogue(options.interfaceFilter, options.maxInterfaces);
    catalogue.update(local['networkInterfaces']);
    const probe = mapInventory(
      {
        ...local,
        filesystems: selectFilesystems(local['fsSize'], options),
        interfaces: catalogue.known(),
        hostname: 'vm',
      },
      AT,
    ).cis[0]!;
    expect(ssh.identifiers).toEqual(probe.identifiers);
    expect(ssh.identifiers.hostname).toBe(probe.identifiers.hostname);
    expect(ssh.class).toBe(probe.class);
    expect(ssh.name).toBe(probe.name);
    expect(ssh.attributes['osDistro']).toBe(probe.attributes['osDistro']);
    expect(ssh.attributes['osRelease']).toBe(probe.attributes['osRelease']);
    expect(ssh.attributes['memoryTotalBytes']).toBeGreaterThan(0);
  });

  it('every distribution yields a host CI; hostile sections never throw and keep the address as name', () => {
    for (const distro of DISTROS) expect(inventory(distro).cis[0]!.class).toBe('host');
    for (const junk of HOSTILE_INPUTS) {
      const sections = new Map(INVENTORY_SECTIONS.map((name) => [name, junk]));
      const batch = mapSshInventory(sections, { address: '10.0.0.9', hostKey, observedAt: AT });
      expect(batch.cis[0]!.name).toBe('10.0.0.9');
      expect(batch.cis[0]!.identifiers).toEqual({ hostname: '10.0.0.9' });
    }
  });
});
