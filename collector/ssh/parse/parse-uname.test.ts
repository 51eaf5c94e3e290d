import { describe, expect, it } from 'vitest';
import { FULL_CAPTURES, fixture, HOSTILE_INPUTS, snrmFromUnameA } from './fixture.js';
import { nodeArch, parseUname } from './parse-uname.js';

describe('parseUname', () => {
  it('reads uname -snrm of coreutils and BusyBox', () => {
    for (const dir of FULL_CAPTURES) expect(parseUname(fixture(dir, 'uname'))?.kernelName).toBe('Linux');
    expect(parseUname(fixture('busybox-1.35', 'uname'))).toEqual(parseUname(fixture('debian-12', 'uname')));
    expect(parseUname('Linux db01 5.14.0-362.8.1.el9_3.x86_64 x86_64')).toEqual({
      kernelName: 'Linux',
      nodename: 'db01',
      release: '5.14.0-362.8.1.el9_3.x86_64',
      machine: 'x86_64',
    });
  });

  it('reads the fields a CentOS 7.7 host printed (uname -a capture standing in for -snrm)', () => {
    const unameA = fixture('rhel-like', 'uname-a-centos-7.7');
    // The -a line itself is not -snrm's shape and is refused rather than misread.
    expect(parseUname(unameA)).toBeUndefined();
    expect(parseUname(snrmFromUnameA(unameA))).toEqual({
      kernelName: 'Linux',
      nodename: 'localhost.localdomain',
      release: '3.10.0-1062.1.2.el7.x86_64',
      machine: 'x86_64',
    });
  });

  it('rejects other shapes and junk', () => {
    expect(parseUname('Linux host 6.1 x86_64 GNU/Linux')).toBeUndefined();
    expect(parseUname('Linux h\u0001 6.1 x86_64')).toBeUndefined();
    for (const input of HOSTILE_INPUTS) expect(parseUname(input)).toBeUndefined();
  });

  it('maps machine names to Node arch words', () => {
    expect(nodeArch('x86_64')).toBe('x64');
    expect(nodeArch('aarch64')).toBe('arm64');
    expect(nodeArch('mips')).toBe('mips');
  });
});
