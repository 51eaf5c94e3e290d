import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseLsblkJson, parseSysBlock } from './parse-lsblk.js';

describe('parseLsblkJson', () => {
  it('reads modern lsblk -J -b (Debian 12)', () => {
    expect(parseLsblkJson(fixture('debian-12', 'lsblk'))).toEqual([
      { name: 'zram0', type: 'disk', size: 0, removable: false, physical: 'SSD' },
      { name: 'vda', type: 'disk', size: 274877906944, removable: false, physical: 'HDD' },
    ]);
  });

  it('reads lsblk -J -b -O of a Fedora-family bootc VM (util-linux 2.39+: every column, numbers, booleans)', () => {
    // virtio reports every disk as rotational, so lsblk says rota=true and the device reads as HDD.
    const disk = { protocol: 'virtio', removable: false, physical: 'HDD' };
    expect(parseLsblkJson(fixture('rhel-like', 'lsblk-J-b-O-bootc-vm'))).toEqual([
      { name: 'vda', type: 'disk', size: 10737418240, ...disk },
      { name: 'vda1', type: 'part', size: 1048576, ...disk },
      { name: 'vda2', type: 'part', size: 536870912, ...disk },
      { name: 'vda3', type: 'part', size: 10197401600, ...disk },
    ]);
  });

  it('walks children and reads the all-strings JSON of util-linux 2.27-2.32 (hand-made variant)', () => {
    const devices = parseLsblkJson(fixture('variants', 'lsblk-all-strings'))!;
    expect(devices.map((d) => d.name)).toEqual(['sda', 'sda1', 'sda2', 'sr0']);
    expect(devices[0]).toMatchObject({
      name: 'sda',
      size: 53687091200,
      physical: 'HDD',
      model: 'Virtual disk',
    });
    expect(devices.find((d) => d.name === 'sr0')?.removable).toBe(true);
  });

  it('returns undefined where BusyBox printed nothing, and survives hostile input', () => {
    expect(parseLsblkJson(fixture('busybox-1.35', 'lsblk'))).toBeUndefined();
    for (const input of HOSTILE_INPUTS) expect(parseLsblkJson(input)).toBeUndefined();
    expect(parseLsblkJson('{"blockdevices":[{"name":"../../etc","type":"disk","size":1}]}')).toEqual([]);
    // Human sizes (lsblk without -b) are not guessed at.
    expect(parseLsblkJson('{"blockdevices":[{"name":"sda","type":"disk","size":"20G"}]}')).toEqual([]);
    // util-linux 2.33+ prints numbers: fractions, negatives and sizes past 2^53 are not sizes.
    for (const size of ['10737418240.5', '-1', '1e300', '9007199254740993'])
      expect(parseLsblkJson(`{"blockdevices":[{"name":"vda","type":"disk","size":${size}}]}`)).toEqual([]);
  });
});

describe('parseSysBlock (no lsblk, or one without -J)', () => {
  it('reads /sys/block sizes in sectors (BusyBox capture)', () => {
    const devices = parseSysBlock(fixture('busybox-1.35', 'sysblock'));
    expect(devices.map((d) => d.name)).toEqual([
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
    expect(devices.find((d) => d.name === 'vda')).toEqual({
      name: 'vda',
      type: 'disk',
      size: 536870912 * 512,
      removable: false,
    });
  });

  it('reads model and removable flag, skips junk lines', () => {
    expect(parseSysBlock('sr0\t2097151\t1\tQEMU DVD-ROM\tQM00003\n')).toEqual([
      {
        name: 'sr0',
        type: 'disk',
        size: 2097151 * 512,
        removable: true,
        model: 'QEMU DVD-ROM',
        serial: 'QM00003',
      },
    ]);
    for (const input of HOSTILE_INPUTS) expect(parseSysBlock(input)).toEqual([]);
  });
});
