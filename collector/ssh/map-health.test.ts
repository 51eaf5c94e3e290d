import { describe, expect, it } from 'vitest';
import { customCheckValue, mapHealth } from './map-health.js';
import { FULL_CAPTURES, fixture, HOSTILE_INPUTS } from './parse/fixture.js';
import { HEALTH_SECTIONS } from './scripts.js';

const sectionsOf = (dir: string) => new Map(HEALTH_SECTIONS.map((name) => [name, fixture(dir, name)]));
const find = (samples: ReturnType<typeof mapHealth>, name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('mapHealth', () => {
  it('gives the host probe metric names for the Debian capture', () => {
    const samples = mapHealth(sectionsOf('debian-12'));
    expect(find(samples, 'filesystem.used_percent', { mount: '/', fstype: 'ext4' })).toBeCloseTo(
      (25364836 / (25364836 + 81026076)) * 100,
      6,
    );
    expect(find(samples, 'filesystem.used_percent', { mount: '/dev/shm' })).toBeUndefined();
    expect(find(samples, 'memory.used_percent')).toBeCloseTo(((24683620 - 22834584) / 24683620) * 100, 6);
    expect(find(samples, 'cpu.load1_per_core')).toBeCloseTo(13.64 / 2, 6);
    expect(find(samples, 'host.uptime_seconds')).toBe(912.28);
    // systemctl exists on the VM but systemd is not running: unknown, not "0 failed".
    expect(find(samples, 'systemd.failed_units')).toBeUndefined();
  });

  it('reads a RHEL 6 df -alP without types and ignores its pseudo filesystems', () => {
    const sections = new Map([['df', fixture('rhel-like', 'df-alP-rhel-6')]]);
    const samples = mapHealth(sections);
    expect(find(samples, 'filesystem.used_percent', { mount: '/' })).toBeCloseTo(
      (4244032 / (4244032 + 89313940)) * 100,
      6,
    );
    expect(find(samples, 'filesystem.used_percent', { mount: '/sys' })).toBeUndefined();
    expect(find(samples, 'filesystem.used_percent', { mount: '/proc' })).toBeUndefined();
    // tmpfs on /run: no type column, so the source name "tmpfs" gives the type the host probe skips.
    expect(find(samples, 'filesystem.used_percent', { mount: '/run' })).toBeUndefined();
    expect(samples.filter((s) => s.name === 'filesystem.used_percent').map((s) => s.labels['mount'])).toEqual(
      ['/'],
    );
  });

  it('reads the memory and swap use of a RHEL 7.1 host', () => {
    const samples = mapHealth(new Map([['meminfo', fixture('rhel-like', 'meminfo-rhel-7.1')]]));
    expect(find(samples, 'memory.used_percent')).toBeCloseTo(((8009912 - 6820236) / 8009912) * 100, 6);
    expect(find(samples, 'swap.used_percent')).toBeCloseTo(((3145724 - 3136352) / 3145724) * 100, 6);
    // No systemctl section (output cut before its marker): unknown, not "0 failed".
    expect(find(samples, 'systemd.failed_units')).toBeUndefined();
    // An empty one is what the plain listing prints when nothing failed.
    expect(find(mapHealth(new Map([['systemctl-failed', '']])), 'systemd.failed_units')).toBe(0);
  });

  it('leaves out systemd on BusyBox and reads the rest as on Debian', () => {
    const samples = mapHealth(sectionsOf('busybox-1.35'));
    expect(find(samples, 'systemd.failed_units')).toBeUndefined();
    expect(find(samples, 'filesystem.used_percent', { mount: '/', fstype: 'ext4' })).toBeGreaterThan(0);
    expect(find(samples, 'cpu.load1_per_core')).toBeCloseTo(5.42 / 2, 6);
    expect(find(samples, 'swap.used_percent')).toBe(
      find(mapHealth(sectionsOf('debian-12')), 'swap.used_percent'),
    );
  });

  it('never yields NaN or throws on hostile sections', () => {
    for (const dir of FULL_CAPTURES)
      expect(mapHealth(sectionsOf(dir)).every((s) => Number.isFinite(s.value))).toBe(true);
    for (const junk of HOSTILE_INPUTS) {
      const samples = mapHealth(new Map(HEALTH_SECTIONS.map((name) => [name, junk])));
      expect(samples.every((s) => Number.isFinite(s.value))).toBe(true);
    }
  });
});

describe('customCheckValue', () => {
  it('takes the first number printed, else the exit status', () => {
    expect(customCheckValue('42\n', 0)).toBe(42);
    expect(customCheckValue('  -3.5 items', 0)).toBe(-3.5);
    expect(customCheckValue('1e3', 0)).toBe(1000);
    expect(customCheckValue('no number', 2)).toBe(2);
    expect(customCheckValue('12abc', 0)).toBe(0);
    expect(customCheckValue('', null)).toBeUndefined();
    expect(customCheckValue('9'.repeat(400), 1)).toBeUndefined();
  });
});
