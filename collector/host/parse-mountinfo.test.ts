import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMountinfo } from './parse-mountinfo.js';
import { mountFilterOf, resolveProbeOptions } from './probe-options.js';
import { PROCFS_FIXTURES } from './procfs-fixture.js';
import { selectMounts } from './select-mounts.js';

const fixture = (path: string) => readFileSync(join(PROCFS_FIXTURES, path), 'utf8');
const probeFilter = mountFilterOf(resolveProbeOptions({}, 'test-host'));

describe('parseMountinfo', () => {
  it('reads every mount of this VM', () => {
    const mounts = parseMountinfo(fixture('vm-debian-12/t0/proc/self/mountinfo'));
    expect(mounts).toHaveLength(20);
    expect(mounts.find((m) => m.mountPoint === '/')).toEqual({
      device: '254:0',
      root: '/',
      mountPoint: '/',
      mountOptions: ['rw', 'relatime'],
      fstype: 'ext4',
      source: '/dev/vda',
    });
  });

  it('decodes octal escapes and skips past optional fields', () => {
    const mounts = parseMountinfo(fixture('bare-metal/t0/proc/self/mountinfo'));
    const old = mounts.find((m) => m.source === '/dev/sdb1');
    expect(old).toMatchObject({
      mountPoint: '/mnt/old disk',
      fstype: 'ext4',
      mountOptions: ['ro', 'relatime'],
    });
    expect(mounts.find((m) => m.mountPoint === '/srv/exports')?.root).toBe('/exports');
  });

  it('skips lines without separator, with a bad device or a relative path, and garbage', () => {
    expect(parseMountinfo(fixture('malformed/t0/proc/self/mountinfo'))).toEqual([]);
    expect(parseMountinfo('')).toEqual([]);
  });
});

describe('selectMounts', () => {
  it('keeps only the root filesystem of this VM with the probe filters, like df and systeminformation', () => {
    const mounts = selectMounts(parseMountinfo(fixture('vm-debian-12/t0/proc/self/mountinfo')), probeFilter);
    expect(mounts.map((m) => m.mountPoint)).toEqual(['/']);
  });

  it('measures one view per filesystem on a bare-metal host', () => {
    const mounts = selectMounts(parseMountinfo(fixture('bare-metal/t0/proc/self/mountinfo')), probeFilter);
    expect(mounts.map((m) => `${m.mountPoint} ${m.fstype}`)).toEqual([
      '/ ext4',
      '/boot/efi vfat',
      '/data xfs', // the bind mount /var/lib/data-bind of the same subtree is measured once
      '/srv/exports xfs', // a bind mount of a subdirectory is its own view, as btrfs subvolumes are
      '/mnt/backup nfs4',
      '/var/lib/postgresql ext4',
      '/mnt/old disk ext4',
      '/scratch ext4', // mounted over a tmpfs: the mount on top is what statfs sees
    ]);
  });

  it('never measures automount points, pseudo filesystems or squashfs, whatever the filter', () => {
    const mounts = selectMounts(parseMountinfo(fixture('bare-metal/t0/proc/self/mountinfo')));
    const types = new Set(mounts.map((m) => m.fstype));
    for (const type of ['autofs', 'proc', 'sysfs', 'devpts', 'squashfs'])
      expect(types.has(type), type).toBe(false);
    expect(types.has('tmpfs')).toBe(true);
  });
});
