import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture as sshFixture } from '../ssh/parse/fixture.js';
import { memoryFromMeminfo, parseMeminfo } from './parse-meminfo.js';
import { PROCFS_FIXTURES } from './procfs-fixture.js';

const fixture = (path: string) => readFileSync(join(PROCFS_FIXTURES, path), 'utf8');

describe('parseMeminfo', () => {
  it('reads every field of this VM in bytes, unitless counts as they are', () => {
    const info = parseMeminfo(fixture('vm-debian-12/t0/proc/meminfo'));
    expect(info.get('MemTotal')).toBe(24683620 * 1024);
    expect(info.get('MemAvailable')).toBe(23490404 * 1024);
    expect(info.get('HugePages_Total')).toBe(0);
    expect(info.size).toBeGreaterThan(40);
  });

  it('skips malformed, truncated and garbage lines', () => {
    expect([...parseMeminfo(fixture('malformed/t0/proc/meminfo'))]).toEqual([]);
    expect([...parseMeminfo('')]).toEqual([]);
  });
});

describe('memoryFromMeminfo', () => {
  it('gives the si.mem() shape the memory mapper reads (this VM, no swap)', () => {
    const mem = memoryFromMeminfo(parseMeminfo(fixture('vm-debian-12/t0/proc/meminfo')));
    expect(mem).toMatchObject({
      total: 24683620 * 1024,
      free: 23065788 * 1024,
      available: 23490404 * 1024,
      active: (24683620 - 23490404) * 1024,
      swaptotal: 0,
      swapused: 0,
    });
  });

  it('reports swap use of a bare-metal host', () => {
    const mem = memoryFromMeminfo(parseMeminfo(fixture('bare-metal/t0/proc/meminfo')));
    expect(mem['swaptotal']).toBe(8388604 * 1024);
    expect(mem['swapused']).toBe((8388604 - 8126460) * 1024);
  });

  it('reads a RHEL 7.1 host (the SSH fixture): swap in use, huge page counts, DirectMap lines', () => {
    const info = parseMeminfo(sshFixture('rhel-like', 'meminfo-rhel-7.1'));
    expect(info.size).toBe(43);
    expect(info.get('VmallocTotal')).toBe(34359738367 * 1024);
    expect(info.get('HugePages_Total')).toBe(0);
    expect(info.get('DirectMap2M')).toBe(8316928 * 1024);
    expect(memoryFromMeminfo(info)).toMatchObject({
      total: 8009912 * 1024,
      free: 538760 * 1024,
      available: 6820236 * 1024,
      buffcache: (157048 + 4893932 + 1982652) * 1024,
      swaptotal: 3145724 * 1024,
      swapused: (3145724 - 3136352) * 1024,
    });
  });

  it('estimates available memory on kernels before 3.14 like systeminformation', () => {
    const mem = memoryFromMeminfo(
      parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n'),
    );
    expect(mem['available']).toBe(400 * 1024);
  });

  it('leaves out what the file does not say', () => {
    expect(memoryFromMeminfo(new Map())).toEqual({});
  });
});
