import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseLsblkJson, parseSysBlock } from './parse-lsblk.js';

describe('parseLsblkJson', () => {
  it('walks children and reads modern lsblk -J (Rocky)', () => {
    const devices = parseLsblkJson(fixture('rocky-9', 'lsblk'))!;
    expect(devices.map((d) => d.name)).toEqual([
      'sda',
      'sda1',
      'sda2',
      'sda3',
      'rl-root',
      'rl-swap',
      'rl-home',
      'nvme0n1',
      'data-pg',
      'sr0',
    ]);
    expect(devices.find((d) => d.name === 'nvme0n1')).toEqual({
      name: 'nvme0n1',
      type: 'disk',
      size: 1600321314816,
      model: 'Dell Ent NVMe AGN MU U.2 1.6TB',
      serial: 'S61DNE0R502318',
      protocol: 'nvme',
      removable: false,
      physical: 'SSD',
    });
  });

  it('reads the all-strings JSON of util-linux before 2.33 (RHEL 7)', () => {
    const devices = parseLsblkJson(fixture('variants', 'lsblk-strings-rhel7'))!;
    expect(devices[0]).toMatchObject({
      name: 'sda',
      size: 53687091200,
      physical: 'HDD',
      model: 'Virtual disk',
    });
    expect(devices.find((d) => d.name === 'sr0')?.removable).toBe(true);
  });

  it('returns undefined for non-lsblk text (BusyBox prints nothing) and survives hostile input', () => {
    expect(parseLsblkJson(fixture('alpine-3.19', 'lsblk'))).toBeUndefined();
    for (const input of HOSTILE_INPUTS) expect(parseLsblkJson(input)).toBeUndefined();
    expect(parseLsblkJson('{"blockdevices":[{"name":"../../etc","type":"disk","size":1}]}')).toEqual([]);
  });
});

describe('parseSysBlock (BusyBox fallback)', () => {
  it('reads /sys/block sizes in sectors', () => {
    const devices = parseSysBlock(fixture('alpine-3.19', 'sysblock'));
    expect(devices.find((d) => d.name === 'xvdf')).toEqual({
      name: 'xvdf',
      type: 'disk',
      size: 41943040 * 512,
      removable: false,
    });
    expect(devices.find((d) => d.name === 'sr0')).toMatchObject({ removable: true, model: 'QEMU DVD-ROM' });
  });

  it('skips junk lines', () => {
    for (const input of HOSTILE_INPUTS) expect(parseSysBlock(input)).toEqual([]);
  });
});
