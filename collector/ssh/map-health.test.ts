import { describe, expect, it } from 'vitest';
import { customCheckValue, mapHealth } from './map-health.js';
import { DISTROS, fixture, HOSTILE_INPUTS } from './parse/fixture.js';
import { HEALTH_SECTIONS } from './scripts.js';

const sectionsOf = (distro: string) => new Map(HEALTH_SECTIONS.map((name) => [name, fixture(distro, name)]));
const find = (samples: ReturnType<typeof mapHealth>, name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('mapHealth', () => {
  it('gives the host probe metric names for a RHEL-like server', () => {
    const samples = mapHealth(sectionsOf('rocky-9'));
    expect(find(samples, 'filesystem.used_percent', { mount: '/home', fstype: 'xfs' })).toBeCloseTo(
      (370872112 / (370872112 + 14620544)) * 100,
      6,
    );
    expect(find(samples, 'filesystem.used_percent', { mount: '/dev/shm' })).toBeUndefined();
    expect(find(samples, 'memory.used_percent')).toBeCloseTo(((65544892 - 41234880) / 65544892) * 100, 6);
    expect(find(samples, 'swap.used_percent')).toBeCloseTo(((8388604 - 8120444) / 8388604) * 100, 6);
    expect(find(samples, 'cpu.load1_per_core')).toBeCloseTo(3.12 / 8, 6);
    expect(find(samples, 'host.uptime_seconds')).toBe(8123456.78);
    expect(find(samples, 'systemd.failed_units')).toBe(2);
  });

  it('leaves out systemd on BusyBox and still reads disks without types', () => {
    const samples = mapHealth(sectionsOf('alpine-3.19'));
    expect(find(samples, 'systemd.failed_units')).toBeUndefined();
    expect(find(samples, 'filesystem.used_percent', { mount: '/' })).toBeGreaterThan(96);
    expect(find(samples, 'swap.used_percent')).toBe(0);
  });

  it('never yields NaN or throws on hostile sections', () => {
    for (const distro of DISTROS)
      expect(mapHealth(sectionsOf(distro)).every((s) => Number.isFinite(s.value))).toBe(true);
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
