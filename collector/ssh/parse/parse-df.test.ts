import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseDf } from './parse-df.js';

describe('parseDf', () => {
  it('reads df -PTk with types (Debian, Rocky)', () => {
    const rocky = parseDf(fixture('rocky-9', 'df'));
    expect(rocky).toHaveLength(9);
    expect(rocky.find((e) => e.mount === '/home')).toEqual({
      device: '/dev/mapper/rl-home',
      fstype: 'xfs',
      sizeBytes: 385492656 * 1024,
      usedBytes: 370872112 * 1024,
      availableBytes: 14620544 * 1024,
      mount: '/home',
    });
    expect(parseDf(fixture('debian-12', 'df')).map((e) => e.mount)).toContain('/');
  });

  it('reads BusyBox df -Pk without types, keeping mount points with spaces', () => {
    const alpine = parseDf(fixture('alpine-3.19', 'df'));
    expect(alpine.find((e) => e.mount === '/')).toMatchObject({
      device: '/dev/root',
      usedBytes: 7917356 * 1024,
    });
    expect(alpine.find((e) => e.mount === '/srv/My Data')?.fstype).toBeUndefined();
  });

  it('skips malformed lines and survives hostile input', () => {
    const text =
      'Filesystem Type 1024-blocks Used Available Capacity Mounted on\n/dev/x ext4 abc 1 2 3% /\n/dev/y ext4 99999999999999999999 1 2 3% /big\n/dev/z ext4 10 5 5 50% /ok\n';
    expect(parseDf(text).map((e) => e.mount)).toEqual(['/ok']);
    for (const input of HOSTILE_INPUTS) expect(parseDf(input)).toEqual([]);
  });
});
