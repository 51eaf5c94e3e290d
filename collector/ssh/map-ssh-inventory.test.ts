import { describe, expect, it } from 'vitest';
import { selectFilesystems } from '../host/filesystem-selection.js';
import { loadHostFixture } from '../host/fixture-system-information.js';
import { InterfaceCatalogue } from '../host/interface-catalogue.js';
import { mapInventory } from '../host/map-inventory.js';
import { resolveProbeOptions } from '../host/probe-options.js';
import { mapSshInventory } from './map-ssh-inventory.js';
import {
  dmiSectionFromDmidecode,
  FULL_CAPTURES,
  fixture,
  HOSTILE_INPUTS,
  snrmFromUnameA,
} from './parse/fixture.js';
import { parseSections } from './parse/parse-sections.js';
import { INVENTORY_SECTIONS, sectionMarker } from './scripts.js';

const AT = Date.parse('2026-01-01T00:00:00Z');
const hostKey = { fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519', trust: 'known_hosts' as const };

function sectionsOf(dir: string): Map<string, string> {
  return new Map(INVENTORY_SECTIONS.map((name) => [name, fixture(dir, name)]));
}

function inventory(dir: string) {
  return mapSshInventory(sectionsOf(dir), { address: '10.0.0.5', hostKey, observedAt: AT });
}

/**
 * The inventory script's output for a CentOS 7 host, in vigil's marker format, from the real
 * RHEL-like captures: the CentOS 7.7 VMware VM's uname (as `-snrm` prints it), DMI values and
 * untyped `df`, CentOS 7's os-release, a RHEL 7.1 meminfo, a RHEL `ip addr` (no `-j` there)
 * and a RHEL x86 cpuinfo. `lsblk -J` prints nothing there (util-linux 2.23); sections with no
 * public capture (hostname, fqdn, machine-id, and the /sys/block listing CentOS 7 falls back
 * to) print nothing here, and the fallbacks for hosts without `ip` print nothing on one with it.
 */
function centos7Output(nonce: string): string {
  const printed: Record<string, string> = {
    'os-release': fixture('rhel-like', 'os-release-centos-7'),
    uname: snrmFromUnameA(fixture('rhel-like', 'uname-a-centos-7.7')),
    cpuinfo: fixture('rhel-like', 'cpuinfo-xeon-e5-2690-2-sockets'),
    meminfo: fixture('rhel-like', 'meminfo-rhel-7.1'),
    df: fixture('rhel-like', 'df-centos-7.7'),
    'ip-addr': fixture('rhel-like', 'ip-addr-rhel'),
    dmi: dmiSectionFromDmidecode(fixture('rhel-like', 'dmidecode-system-centos-7.7-vmware')),
  };
  return INVENTORY_SECTIONS.map((name) => `\n${sectionMarker(nonce, name)}\n${printed[name] ?? ''}`).join('');
}

describe('mapSshInventory', () => {
  it('builds a CentOS 7 host from its script output, with filesystem and interface children', () => {
    const sections = parseSections(centos7Output('c7n0nce'), 'c7n0nce', INVENTORY_SECTIONS);
    const batch = mapSshInventory(sections, { address: '10.0.0.5', hostKey, observedAt: AT });
    expect(batch.source).toBe('ssh');
    expect(batch.observedAt).toBe(AT);
    const host = batch.cis[0]!;
    expect(host.identifiers).toEqual({
      serial: 'VMware-56 4d fd 28 89 33 f8 e2-64 74 01 59 92 3b 58 0e',
      uuid: '28fd4d56-3389-e2f8-6474-0159923b580e',
      macs: '00:11:3f:e2:f5:9e',
      // The node name is the installer's placeholder localhost.localdomain: the address names it.
      hostname: '10.0.0.5',
    });
    expect(host.name).toBe('10.0.0.5');
    expect(host.attributes).toMatchObject({
      osDistro: 'CentOS Linux',
      osRelease: '7',
      kernel: '3.10.0-1062.1.2.el7.x86_64',
      arch: 'x64',
      cpuModel: 'Intel Xeon(R) CPU E5-2690 0 @ 2.90GHz',
      cpuCores: 2,
      cpuPhysicalCores: 2,
      memoryTotalBytes: 8009912 * 1024,
      vendor: 'VMware, Inc.',
      model: 'VMware Virtual Platform',
      virtual: true,
      sshAddress: '10.0.0.5',
      sshHostKeyFingerprint: 'SHA256:abc',
      sshHostKeyTrust: 'known_hosts',
      osId: 'centos',
      osPrettyName: 'CentOS Linux 7 (Core)',
      // Plain `ip addr` and a df without types, as the RHEL captures show.
      sshUnavailableCommands: ['df -T', 'ip -j'],
    });
    // tmpfs /run, /dev/shm and devtmpfs /dev are skipped like on the host probe; eth7 (a bond
    // slave without address) and the tunnels without addresses are not listed.
    const refs = batch.cis.slice(1).map((ci) => ci.ref);
    expect(refs).toEqual(['interface:bond1.57', 'filesystem:/', 'filesystem:/boot']);
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
