import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiskstats, wholeDisks } from './parse-diskstats.js';
import { PROCFS_FIXTURES } from './procfs-fixture.js';

const fixture = (path: string) => readFileSync(join(PROCFS_FIXTURES, path), 'utf8');
const names = (disks: { name: string }[]) => disks.map((d) => d.name);

describe('parseDiskstats', () => {
  it('reads every device of this VM (kernel 6.18, 20 fields)', () => {
    const disks = parseDiskstats(fixture('vm-debian-12/t0/proc/diskstats'));
    expect(names(disks)).toEqual([
      'loop0',
      'loop1',
      'loop2',
      'loop3',
      'loop4',
      'loop5',
      'loop6',
      'loop7',
      'vda',
      'zram0',
    ]);
    expect(disks.find((d) => d.name === 'vda')).toEqual({
      name: 'vda',
      readsCompleted: 71764,
      sectorsRead: 3144994,
      writesCompleted: 692452,
      sectorsWritten: 38430192,
    });
  });

  it('skips short, non-numeric, negative and garbage lines', () => {
    expect(parseDiskstats(fixture('malformed/t0/proc/diskstats'))).toEqual([]);
    expect(parseDiskstats('')).toEqual([]);
  });
});

describe('wholeDisks', () => {
  it('keeps the whole physical disks listed in /sys/block', () => {
    const disks = parseDiskstats(fixture('bare-metal/t0/proc/diskstats'));
    const sysBlock = new Set(['loop0', 'nvme0n1', 'sda', 'sdb', 'dm-0', 'md0']);
    expect(names(wholeDisks(disks, sysBlock))).toEqual(['nvme0n1', 'sda', 'sdb']);
  });

  it('recognises partitions by name when /sys/block cannot be listed', () => {
    const disks = parseDiskstats(fixture('bare-metal/t0/proc/diskstats'));
    expect(names(wholeDisks(disks))).toEqual(['nvme0n1', 'sda', 'sdb']);
    expect(names(wholeDisks(parseDiskstats(fixture('vm-debian-12/t0/proc/diskstats'))))).toEqual(['vda']);
  });
});
