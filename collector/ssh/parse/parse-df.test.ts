import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { dfFsType, parseDf } from './parse-df.js';

describe('parseDf', () => {
  it('reads df -PTk with types (Debian, BusyBox 1.35)', () => {
    expect(parseDf(fixture('debian-12', 'df')).find((e) => e.mount === '/')).toEqual({
      device: '/dev/vda',
      fstype: 'ext4',
      sizeBytes: 264212084 * 1024,
      usedBytes: 25364836 * 1024,
      availableBytes: 81026076 * 1024,
      mount: '/',
    });
    const busybox = parseDf(fixture('busybox-1.35', 'df'));
    expect(busybox.map((e) => e.mount)).toEqual(['/dev', '/dev/shm', '/', '/dev/shm', '/sys/fs/cgroup']);
    expect(busybox.every((e) => e.fstype !== undefined)).toBe(true);
  });

  it('reads untyped df of RHEL-like hosts: error lines before the header, "-" capacities, blank lines', () => {
    const rhel6 = parseDf(fixture('rhel-like', 'df-alP-rhel-6'));
    expect(rhel6).toHaveLength(9);
    expect(rhel6[0]).toEqual({
      device: '/dev/mapper/vg_lxcrhel6sat56-lv_root',
      sizeBytes: 98571884 * 1024,
      usedBytes: 4244032 * 1024,
      availableBytes: 89313940 * 1024,
      mount: '/',
    });
    expect(rhel6.find((e) => e.mount === '/sys')?.sizeBytes).toBe(0);
    const centos = parseDf(fixture('rhel-like', 'df-centos-7.7'));
    expect(centos.find((e) => e.mount === '/')?.device).toBe('/dev/mapper/centos-root');
    expect(centos).toHaveLength(7);
  });

  it('takes the type of untyped memory and kernel filesystems from their source name', () => {
    const centos = parseDf(fixture('rhel-like', 'df-centos-7.7'));
    const typeAt = (mount: string) => dfFsType(centos.find((e) => e.mount === mount)!);
    expect(typeAt('/run')).toBe('tmpfs');
    expect(typeAt('/dev')).toBe('devtmpfs');
    expect(typeAt('/')).toBe('unknown');
    expect(typeAt('/boot')).toBe('unknown');
    const rhel6 = parseDf(fixture('rhel-like', 'df-alP-rhel-6'));
    expect(rhel6.map(dfFsType)).toEqual([
      'unknown',
      'sysfs',
      'proc',
      'devtmpfs',
      'securityfs',
      'tmpfs',
      'devpts',
      'tmpfs',
      'tmpfs',
    ]);
    // A type df did print wins over the source name.
    expect(
      dfFsType({
        device: 'tmpfs',
        fstype: 'ext4',
        sizeBytes: 1,
        usedBytes: 0,
        availableBytes: 1,
        mount: '/x',
      }),
    ).toBe('ext4');
  });

  it('keeps mount points with spaces, skips malformed lines and survives hostile input', () => {
    const text =
      'Filesystem Type 1024-blocks Used Available Capacity Mounted on\n/dev/x ext4 abc 1 2 3% /\n/dev/y ext4 99999999999999999999 1 2 3% /big\n/dev/z ext4 10 5 5 50% /srv/My Data\n';
    expect(parseDf(text).map((e) => e.mount)).toEqual(['/srv/My Data']);
    for (const input of HOSTILE_INPUTS) expect(parseDf(input)).toEqual([]);
  });
});
