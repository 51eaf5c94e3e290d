import { describe, expect, it } from 'vitest';
import { armCpu } from './arm-cpu-parts.js';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseCpuinfo } from './parse-cpuinfo.js';

describe('parseCpuinfo (the only CPU source: no lscpu on BusyBox and minimal images)', () => {
  it('counts sockets and cores on RHEL-like x86 hosts (real insights-core captures)', () => {
    expect(parseCpuinfo(fixture('rhel-like', 'cpuinfo-xeon-e5-2690-2-sockets'))).toMatchObject({
      logical: 2,
      physicalCores: 2,
      vendor: 'Intel',
      model: 'Intel(R) Xeon(R) CPU E5-2690 0 @ 2.90GHz',
    });
    const laptop = parseCpuinfo(fixture('rhel-like', 'cpuinfo-i7-4800mq-1-socket'))!;
    expect(laptop).toMatchObject({
      logical: 8,
      physicalCores: 4,
      model: 'Intel(R) Core(TM) i7-4800MQ CPU @ 2.70GHz',
    });
    expect(laptop.flags.split(' ')).toContain('avx2');
  });

  it('reads the BusyBox capture the same way as the Debian one (same kernel file)', () => {
    const busybox = parseCpuinfo(fixture('busybox-1.35', 'cpuinfo'));
    expect(busybox).toEqual(parseCpuinfo(fixture('debian-12', 'cpuinfo')));
    expect(busybox?.logical).toBe(2);
  });

  it('names 64-bit ARM cores from implementer and part codes, as lscpu does (real aarch64 capture)', () => {
    expect(parseCpuinfo(fixture('arm', 'cpuinfo-aarch64-cortex-a57'))).toEqual({
      logical: 2,
      physicalCores: 2,
      vendor: 'ARM',
      model: 'Cortex-A57',
      flags: 'fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid',
    });
  });

  it('prefers the core name over the generic 32-bit "ARMv7 Processor" model (Raspberry Pi 2)', () => {
    expect(parseCpuinfo(fixture('arm', 'cpuinfo-armv7-bcm2709'))).toMatchObject({
      logical: 4,
      vendor: 'ARM',
      model: 'Cortex-A7',
    });
  });

  it('falls back to Hardware, then nothing, for unknown ARM parts', () => {
    const unknownPart = 'processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xfff\n\nHardware\t: BCM2835\n';
    expect(parseCpuinfo(unknownPart)).toMatchObject({ vendor: 'ARM', model: 'BCM2835' });
    expect(parseCpuinfo('processor\t: 0\nCPU implementer\t: 0x99\n')).toEqual({
      logical: 1,
      physicalCores: 1,
      flags: '',
    });
  });

  it('returns undefined for input without processors, and survives hostile input', () => {
    expect(parseCpuinfo('model name : x\nflags : y')).toBeUndefined();
    for (const input of HOSTILE_INPUTS) expect(parseCpuinfo(input)).toBeUndefined();
    const proto =
      'processor\t: 0\nvendor_id\t: constructor\nCPU implementer\t: __proto__\nCPU part\t: toString\n';
    expect(parseCpuinfo(proto)).toMatchObject({ vendor: 'constructor' });
    expect(armCpu('__proto__', 'constructor')).toEqual({});
    expect(armCpu('0x41', '__proto__')).toEqual({ vendor: 'ARM' });
  });
});
