import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseCpuinfo } from './parse-cpuinfo.js';

describe('parseCpuinfo', () => {
  it('counts logical CPUs and physical cores on a two-socket RHEL-like server', () => {
    expect(parseCpuinfo(fixture('rocky-9', 'cpuinfo'))).toMatchObject({
      logical: 8,
      physicalCores: 4,
      vendor: 'Intel',
      model: 'Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz',
    });
  });

  it('reads a hyper-threaded VM (Alpine) with the hypervisor flag, and this Debian machine', () => {
    const alpine = parseCpuinfo(fixture('alpine-3.19', 'cpuinfo'))!;
    expect(alpine).toMatchObject({ logical: 2, physicalCores: 1, vendor: 'AMD', model: 'AMD EPYC 7R32' });
    expect(alpine.flags.split(' ')).toContain('hypervisor');
    expect(parseCpuinfo(fixture('debian-12', 'cpuinfo'))?.logical).toBe(2);
  });

  it('reads ARM cpuinfo, which has no model name or core ids', () => {
    const arm =
      'processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd crc32\nCPU implementer\t: 0x41\n\nprocessor\t: 1\nBogoMIPS\t: 108.00\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n';
    expect(parseCpuinfo(arm)).toEqual({
      logical: 2,
      physicalCores: 2,
      model: 'BCM2835',
      flags: 'fp asimd crc32',
    });
  });

  it('returns undefined for input without processors, and survives hostile input', () => {
    expect(parseCpuinfo('model name : x\nflags : y')).toBeUndefined();
    for (const input of HOSTILE_INPUTS) expect(parseCpuinfo(input)).toBeUndefined();
  });
});
