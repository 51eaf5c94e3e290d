import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../correlator/clock/clock.js';
import type { MetricSample } from '../sample.js';
import { FixtureSystemInformation, loadHostFixture } from './fixture-system-information.js';
import { HostProbe } from './host-probe.js';
import { measureCycleCpu } from './measure-cycle.js';
import { loadOsPort, loadSystemInformation } from './system-information-port.js';

function probeOn(fixtureName: string, options: ConstructorParameters<typeof HostProbe>[1] = {}) {
  const fake = new FixtureSystemInformation(loadHostFixture(fixtureName));
  const clock = new ManualClock();
  const probe = new HostProbe(
    { si: fake.si, os: fake.os, statfs: fake.statfs, clock, fast: fake.si },
    options,
  );
  return { fake, clock, probe };
}

const names = (samples: MetricSample[]) => new Set(samples.map((s) => s.name));

describe('HostProbe.fast', () => {
  it('takes a snapshot of the host at the clock time', async () => {
    const { probe, clock } = probeOn('bare-metal');
    const snapshot = await probe.fast();
    expect(snapshot.resource).toBe('db-prod-01');
    expect(snapshot.time).toBe(clock.now());
    expect(snapshot.errors).toEqual([]);
    expect(names(snapshot.samples)).toEqual(
      new Set([
        'cpu.load_percent',
        'cpu.load1_per_core',
        'memory.used_percent',
        'memory.available_bytes',
        'swap.used_percent',
        'filesystem.used_percent',
        'filesystem.free_bytes',
        'filesystem.inodes_used_percent',
        'disk.read_bytes_per_second',
        'disk.write_bytes_per_second',
        'disk.read_ops_per_second',
        'disk.write_ops_per_second',
        'network.oper_up',
        'network.rx_bytes_per_second',
        'network.tx_bytes_per_second',
        'network.rx_errors_total',
        'network.tx_errors_total',
        'network.rx_dropped_total',
        'network.tx_dropped_total',
        'temperature.celsius',
        'host.uptime_seconds',
        'host.boot_time_seconds',
      ]),
    );
  });

  it('records a failing call and still reports everything else', async () => {
    const fake = new FixtureSystemInformation(loadHostFixture('bare-metal'));
    const si = { ...fake.si, fsSize: () => Promise.reject(new Error('df: command not found')) };
    const snapshot = await new HostProbe({ si, os: fake.os, statfs: fake.statfs, fast: si }).fast();
    expect(snapshot.errors).toEqual([{ call: 'fsSize', error: 'df: command not found' }]);
    expect(names(snapshot.samples).has('memory.used_percent')).toBe(true);
    expect(names(snapshot.samples).has('filesystem.used_percent')).toBe(false);
  });

  it('times out a hanging call without losing the cycle', async () => {
    const fake = new FixtureSystemInformation(loadHostFixture('bare-metal'));
    const si = { ...fake.si, currentLoad: () => new Promise<never>(() => undefined) };
    const probe = new HostProbe({ si, os: fake.os, statfs: fake.statfs, fast: si }, { callTimeoutMs: 20 });
    const snapshot = await probe.fast();
    expect(snapshot.errors).toEqual([{ call: 'currentLoad', error: 'timed out after 20 ms' }]);
    expect(names(snapshot.samples).has('cpu.load_percent')).toBe(false);
    expect(names(snapshot.samples).has('memory.used_percent')).toBe(true);
  });

  it('records a failing statfs per mount', async () => {
    const fake = new FixtureSystemInformation(loadHostFixture('bare-metal'));
    const probe = new HostProbe({
      si: fake.si,
      fast: fake.si,
      os: fake.os,
      statfs: async (mount) => {
        if (mount === '/data') throw new Error('EACCES');
        return { files: 100, ffree: 50 };
      },
    });
    const snapshot = await probe.fast();
    expect(snapshot.errors).toEqual([{ call: 'statfs:/data', error: 'EACCES' }]);
    expect(snapshot.samples.filter((s) => s.name === 'filesystem.inodes_used_percent').length).toBe(3);
  });

  it('stops asking for temperatures on a host without sensors until the inventory is refreshed', async () => {
    const { probe, fake } = probeOn('vm-debian-12');
    await probe.fast();
    await probe.fast();
    expect(fake.calls.get('cpuTemperature')).toBe(1);
    await probe.refreshInventory();
    await probe.fast();
    expect(fake.calls.get('cpuTemperature')).toBe(2);
  });

  it('keeps asking for temperatures where sensors exist', async () => {
    const { probe, fake } = probeOn('bare-metal');
    await probe.fast();
    await probe.fast();
    expect(fake.calls.get('cpuTemperature')).toBe(2);
  });
});

describe('HostProbe.slow', () => {
  it('learns the monitored interfaces so fast cycles poll exactly those', async () => {
    const { probe, fake } = probeOn('bare-metal');
    await probe.fast();
    const slow = await probe.slow();
    await probe.fast();
    expect(fake.networkStatsArgs).toEqual(['*', 'eno1,eno2']);
    expect(slow.samples).toEqual([
      { name: 'network.link_speed_mbps', labels: { interface: 'eno1' }, value: 10000 },
      { name: 'network.carrier_changes_total', labels: { interface: 'eno1' }, value: 4 },
      { name: 'network.carrier_changes_total', labels: { interface: 'eno2' }, value: 9 },
    ]);
  });

  it('reports a failing networkInterfaces call', async () => {
    const fake = new FixtureSystemInformation(loadHostFixture('bare-metal'));
    const si = { ...fake.si, networkInterfaces: () => Promise.reject(new Error('ip: not found')) };
    const slow = await new HostProbe({ si, os: fake.os, statfs: fake.statfs }).slow();
    expect(slow.errors).toEqual([{ call: 'networkInterfaces', error: 'ip: not found' }]);
    expect(slow.samples).toEqual([]);
  });
});

describe('HostProbe.inventory', () => {
  it('is computed once and served from cache until refreshed', async () => {
    const { probe, fake, clock } = probeOn('bare-metal');
    const first = await probe.inventory();
    clock.advance(60_000);
    const second = await probe.inventory();
    expect(second).toBe(first);
    expect(fake.calls.get('osInfo')).toBe(1);
    const refreshed = await probe.refreshInventory();
    expect(fake.calls.get('osInfo')).toBe(2);
    expect(refreshed.observedAt).toBe(clock.now());
    expect(refreshed.cis[0]?.identifiers['serial']).toBe('7XK2N83');
    expect(refreshed.errors).toEqual([]);
  });

  it('keeps an interface that went down in the inventory', async () => {
    const { probe, fake } = probeOn('bare-metal');
    await probe.inventory();
    const interfaces = fake.fixture['networkInterfaces'] as { iface: string }[];
    fake.fixture = { ...fake.fixture, networkInterfaces: interfaces.filter((i) => i.iface !== 'eno2') };
    const refreshed = await probe.refreshInventory();
    expect(refreshed.cis.filter((ci) => ci.class === 'interface').map((ci) => ci.name)).toEqual([
      'eno1',
      'eno2',
    ]);
  });
});

describe('measureCycleCpu', () => {
  it('measures one fast cycle after the warm-up cycles', async () => {
    const { probe, fake } = probeOn('bare-metal');
    const cost = await measureCycleCpu(probe, { warmupCycles: 2, spacingMs: 0 });
    expect(fake.calls.get('mem')).toBe(3);
    expect(cost.wallMs).toBeGreaterThanOrEqual(0);
    expect(cost.cpuMs).toBeGreaterThanOrEqual(0);
    expect(cost.samples).toBeGreaterThan(20);
    expect(cost.errors).toBe(0);
  });
});

describe('HostProbe on this machine (real systeminformation)', () => {
  it('produces finite memory, filesystem and uptime samples and a host CI', async () => {
    const probe = new HostProbe({ si: await loadSystemInformation(), os: await loadOsPort() });
    await probe.slow();
    const snapshot = await probe.fast();
    for (const s of snapshot.samples) expect(Number.isFinite(s.value)).toBe(true);
    for (const name of ['memory.used_percent', 'filesystem.used_percent', 'host.uptime_seconds']) {
      expect(names(snapshot.samples).has(name), name).toBe(true);
    }
    const inventory = await probe.inventory();
    expect(inventory.cis[0]?.class).toBe('host');
  });
});
