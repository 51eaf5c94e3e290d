import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../sample.js';
import { selectFilesystems } from './filesystem-selection.js';
import { type HostFixture, loadHostFixture } from './fixture-system-information.js';
import { mapFastSamples } from './map-fast.js';
import type { InodeCounts } from './map-filesystem.js';
import { createNameFilter } from './name-pattern.js';
import { DEFAULT_EXCLUDED_INTERFACES, resolveProbeOptions } from './probe-options.js';

const options = resolveProbeOptions({}, 'test-host');
const NOW = Date.parse('2026-01-01T00:00:00Z');

function samplesOf(fixture: HostFixture): MetricSample[] {
  const filesystems = selectFilesystems(fixture['fsSize'], options);
  const inodes = new Map(Object.entries((fixture.statfs ?? {}) as Record<string, InodeCounts>));
  const loadavg = Array.isArray(fixture.loadavg) ? (fixture.loadavg[0] as number) : undefined;
  return mapFastSamples(
    { ...fixture, load1: loadavg, cpuCount: fixture.cpuCount as number, filesystems, inodes },
    {
      isMonitoredInterface: createNameFilter({ exclude: DEFAULT_EXCLUDED_INTERFACES }),
      maxInterfaces: 32,
      maxTemperatureSensors: 64,
      nowMs: NOW,
    },
  );
}

function value(
  samples: MetricSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    ?.value;
}

function expectNoBadValues(samples: MetricSample[]): void {
  for (const s of samples)
    expect(Number.isFinite(s.value), `${s.name} ${JSON.stringify(s.labels)}`).toBe(true);
}

/** Replaces every leaf of a JSON value. */
function mapLeaves(value: unknown, leaf: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, leaf));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, leaf)]));
  }
  return leaf(value);
}

describe('mapFastSamples on real systeminformation output (Debian 12 VM)', () => {
  const fixture = loadHostFixture('vm-debian-12');
  const samples = samplesOf(fixture);
  const mem = fixture['mem'] as Record<string, number>;

  it('bases memory usage on available, not free, and reports 0 % swap without swap', () => {
    expect(value(samples, 'memory.used_percent')).toBeCloseTo(
      ((mem.total! - mem.available!) / mem.total!) * 100,
      6,
    );
    expect(value(samples, 'memory.available_bytes')).toBe(mem.available);
    expect(value(samples, 'swap.used_percent')).toBe(0);
  });

  it('reports the root filesystem like df and its inodes from statfs', () => {
    const root = (fixture['fsSize'] as Record<string, number>[])[0]!;
    expect(value(samples, 'filesystem.used_percent', { mount: '/', fstype: 'ext4' })).toBeCloseTo(
      (root.used! / (root.used! + root.available!)) * 100,
      6,
    );
    expect(value(samples, 'filesystem.free_bytes', { mount: '/' })).toBe(root.available);
    expect(value(samples, 'filesystem.inodes_used_percent', { mount: '/' })).toBeCloseTo(
      ((16777216 - 16357675) / 16777216) * 100,
      6,
    );
  });

  it('reports eth0 but not the loopback, and no temperature on a VM', () => {
    expect(value(samples, 'network.oper_up', { interface: 'eth0' })).toBe(1);
    expect(samples.some((s) => s.labels['interface'] === 'lo')).toBe(false);
    expect(samples.some((s) => s.name === 'temperature.celsius')).toBe(false);
  });

  it('reports CPU, disk rates and uptime', () => {
    expect(value(samples, 'cpu.load_percent')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'cpu.load1_per_core')).toBeCloseTo((fixture.loadavg as number[])[0]! / 2, 6);
    expect(value(samples, 'disk.read_bytes_per_second')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'host.uptime_seconds')).toBe((fixture['time'] as { uptime: number }).uptime);
    expectNoBadValues(samples);
  });
});

describe('mapFastSamples on a bare-metal host', () => {
  const samples = samplesOf(loadHostFixture('bare-metal'));

  it('reports only real filesystems, once per mount', () => {
    const mounts = samples.filter((s) => s.name === 'filesystem.used_percent').map((s) => s.labels['mount']);
    expect(mounts).toEqual(['/', '/boot/efi', '/data', '/backup']);
    expect(value(samples, 'filesystem.used_percent', { mount: '/' })).toBeCloseTo(
      (452221636608 / (452221636608 + 24659787776)) * 100,
      6,
    );
  });

  it('skips inode usage where the filesystem has no inode table', () => {
    const inodeMounts = samples
      .filter((s) => s.name === 'filesystem.inodes_used_percent')
      .map((s) => s.labels['mount']);
    expect(inodeMounts).toEqual(['/', '/data']);
    expect(value(samples, 'filesystem.inodes_used_percent', { mount: '/' })).toBeCloseTo(
      ((31227904 - 2122790) / 31227904) * 100,
      6,
    );
  });

  it('reports swap, load per core and temperatures by sensor', () => {
    expect(value(samples, 'swap.used_percent')).toBeCloseTo(25, 3);
    expect(value(samples, 'cpu.load1_per_core')).toBeCloseTo(12.8 / 64, 6);
    const sensors = samples
      .filter((s) => s.name === 'temperature.celsius')
      .map((s) => [s.labels['sensor'], s.value]);
    expect(sensors).toEqual([
      ['main', 48],
      ['max', 61],
      ['core0', 45],
      ['core1', 47],
      ['core2', 52],
      ['core3', 61],
    ]);
  });

  it('reports physical ports up and down, not docker bridges or veths', () => {
    expect(value(samples, 'network.oper_up', { interface: 'eno1' })).toBe(1);
    expect(value(samples, 'network.oper_up', { interface: 'eno2' })).toBe(0);
    const ifaces = new Set(samples.map((s) => s.labels['interface']).filter(Boolean));
    expect([...ifaces]).toEqual(['eno1', 'eno2']);
    expect(value(samples, 'network.rx_errors_total', { interface: 'eno1' })).toBe(3);
    expect(value(samples, 'network.rx_dropped_total', { interface: 'eno1' })).toBe(17);
    expect(value(samples, 'network.rx_bytes_per_second', { interface: 'eno1' })).toBe(125000000);
  });

  it('reports disk throughput and IOPS, and boot time from uptime', () => {
    expect(value(samples, 'disk.read_bytes_per_second')).toBe(52428800);
    expect(value(samples, 'disk.write_ops_per_second')).toBe(320.25);
    expect(value(samples, 'host.boot_time_seconds')).toBe(Math.round(1767225600 - 1209600.5));
  });
});

describe('mapFastSamples on malformed output', () => {
  it('produces no NaN and only the samples it can trust', () => {
    const samples = samplesOf(loadHostFixture('malformed'));
    expectNoBadValues(samples);
    expect(samples).toEqual([
      { name: 'filesystem.used_percent', labels: { mount: '/var', fstype: 'unknown' }, value: 10 },
      { name: 'filesystem.free_bytes', labels: { mount: '/var' }, value: 90 },
    ]);
  });

  it.each([
    ['NaN', () => Number.NaN],
    ['Infinity', () => Number.POSITIVE_INFINITY],
    ['null', () => null],
    ['negative', (v: unknown) => (typeof v === 'number' ? -v - 1 : v)],
    ['strings', (v: unknown) => String(v)],
    ['objects', () => ({})],
  ])('survives every leaf of real and bare-metal output turned %s', (_, leaf) => {
    for (const name of ['vm-debian-12', 'bare-metal']) {
      const fixture = mapLeaves(loadHostFixture(name), leaf) as HostFixture;
      expectNoBadValues(samplesOf(fixture));
    }
  });

  it('survives results that are missing entirely', () => {
    expect(samplesOf({})).toEqual([]);
  });
});
