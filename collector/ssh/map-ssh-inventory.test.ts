import { describe, expect, it } from 'vitest';
import { selectFilesystems } from '../host/filesystem-selection.js';
import { loadHostFixture } from '../host/fixture-system-information.js';
import { InterfaceCatalogue } from '../host/interface-catalogue.js';
import { mapInventory } from '../host/map-inventory.js';
import { resolveProbeOptions } from '../host/probe-options.js';
import { mapSshInventory } from './map-ssh-inventory.js';
import { FULL_CAPTURES, fixture, HOSTILE_INPUTS } from './parse/fixture.js';
import { INVENTORY_SECTIONS } from './scripts.js';

const AT = Date.parse('2026-01-01T00:00:00Z');
const hostKey = { fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519', trust: 'known_hosts' as const };

function sectionsOf(dir: string): Map<string, string> {
  return new Map(INVENTORY_SECTIONS.map((name) => [name, fixture(dir, name)]));
}

function inventory(dir: string) {
  return mapSshInventory(sectionsOf(dir), { address: '10.0.0.5', hostKey, observedAt: AT });
}

/**
 * A RHEL-like server from the real RHEL-like captures (os-release, cpuinfo, plain `ip addr`,
 * untyped `df`). No real capture of its uname, hostname and DMI files exists, so those three
 * sections are written here (not fixtures) in the shape the inventory script prints them.
 */
function rhelLike(): Map<string, string> {
  return new Map([
    ['os-release', fixture('rhel-like', 'os-release-rocky-9.3')],
    ['uname', 'Linux db01 5.14.0-362.8.1.el9_3.x86_64 x86_64\n'],
    ['fqdn', 'db01.example.com\n'],
    ['cpuinfo', fixture('rhel-like', 'cpuinfo-xeon-e5-2690-2-sockets')],
    ['df', fixture('rhel-like', 'df-alP-rhel-6')],
    ['ip-addr', fixture('rhel-like', 'ip-addr-rhel')],
    [
      'dmi',
      'sys_vendor=Dell Inc.\nproduct_name=PowerEdge R640\nproduct_serial=7XK2M93\nproduct_uuid=4C4C4544-0058-4B10-8032-B7C04F4D3933\n',
    ],
    ['missing-commands', ''],
  ]);
}

describe('mapSshInventory', () => {
  it('builds a RHEL-like host with filesystem and interface children linked by contains', () => {
    const batch = mapSshInventory(rhelLike(), { address: '10.0.0.5', hostKey, observedAt: AT });
    expect(batch.source).toBe('ssh');
    expect(batch.observedAt).toBe(AT);
    const host = batch.cis[0]!;
    expect(host.identifiers).toEqual({
      serial: '7XK2M93',
      uuid: '4c4c4544-0058-4b10-8032-b7c04f4d3933',
      macs: '00:11:3f:e2:f5:9e',
      fqdn: 'db01.example.com',
      hostname: 'db01',
    });
    expect(host.attributes).toMatchObject({
      osDistro: 'Rocky Linux',
      osRelease: '9.3',
      kernel: '5.14.0-362.8.1.el9_3.x86_64',
      arch: 'x64',
      cpuModel: 'Intel Xeon(R) CPU E5-2690 0 @ 2.90GHz',
      cpuCores: 2,
      cpuPhysicalCores: 2,
      vendor: 'Dell Inc.',
      model: 'PowerEdge R640',
      sshAddress: '10.0.0.5',
      sshHostKeyFingerprint: 'SHA256:abc',
      sshHostKeyTrust: 'known_hosts',
      osId: 'rocky',
      // Old iproute2 and df without -T, as the RHEL 6/7 captures show.
      sshUnavailableCommands: ['df -T', 'ip -j'],
    });
    const refs = batch.cis.slice(1).map((ci) => ci.ref);
    expect(refs).toEqual(expect.arrayContaining(['interface:bond1.57', 'filesystem:/']));
    expect(refs.some((ref) => ref === 'filesystem:/sys' || ref === 'interface:eth7')).toBe(false);
    expect(batch.relations).toEqual(refs.map((to) => ({ from: 'host', to, type: 'contains' })));
  });

  it('gives a BusyBox host the identity the full tools give the same machine, and says what was missing', () => {
    const debian = inventory('debian-12');
    for (const dir of ['busybox-1.35', 'busybox-1.35-no-ip']) {
      const batch = inventory(dir);
      const host = batch.cis[0]!;
      expect(host.identifiers).toEqual(debian.cis[0]!.identifiers);
      expect(host.attributes['cpuCores']).toBe(debian.cis[0]!.attributes['cpuCores']);
      const refs = batch.cis.map((ci) => ci.ref);
      expect(refs).toEqual(expect.arrayContaining(['filesystem:/', 'disk:/dev/vda', 'interface:eth0']));
      expect(refs.some((ref) => ref.startsWith('disk:/dev/loop') || ref === 'interface:lo')).toBe(false);
    }
    expect(debian.cis[0]!.attributes['sshUnavailableCommands']).toEqual([]);
    expect(inventory('busybox-1.35').cis[0]!.attributes['sshUnavailableCommands']).toEqual([
      'ip -j',
      'lsblk',
      'systemctl',
    ]);
    expect(inventory('busybox-1.35-no-ip').cis[0]!.attributes['sshUnavailableCommands']).toEqual([
      'ip',
      'lsblk',
      'systemctl',
    ]);
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

  it('every capture yields a host CI; hostile sections never throw and keep the address as name', () => {
    for (const dir of FULL_CAPTURES) expect(inventory(dir).cis[0]!.class).toBe('host');
    for (const junk of HOSTILE_INPUTS) {
      const sections = new Map(INVENTORY_SECTIONS.map((name) => [name, junk]));
      const batch = mapSshInventory(sections, { address: '10.0.0.9', hostKey, observedAt: AT });
      expect(batch.cis[0]!.name).toBe('10.0.0.9');
      expect(batch.cis[0]!.identifiers).toEqual({ hostname: '10.0.0.9' });
    }
  });
});
