import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../correlator/clock/clock.js';
import type { MetricSample } from '../sample.js';
import { FixtureSystemInformation, loadHostFixture } from './fixture-system-information.js';
import { HostProbe } from './host-probe.js';
import { mountFilterOf, resolveProbeOptions } from './probe-options.js';
import { fixtureStatfs, ProcfsFixtureTree } from './procfs-fixture.js';
import { LinuxProcfsPort } from './procfs-port.js';
import type { StatfsResult } from './statfs-entry.js';

const acceptMount = mountFilterOf(resolveProbeOptions({}, 'test-host'));
const VM_STATFS: Record<string, StatfsResult> = {
  '/': { bsize: 4096, blocks: 66053021, bfree: 60184863, bavail: 20729570, files: 16777216, ffree: 16356176 },
};
const BARE_METAL_STATFS: Record<string, StatfsResult> = Object.fromEntries(
  [
    '/',
    '/boot/efi',
    '/data',
    '/srv/exports',
    '/mnt/backup',
    '/var/lib/postgresql',
    '/mnt/old disk',
    '/scratch',
  ].map((mount) => [mount, { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 100, ffree: 50 }]),
);

const keys = (samples: MetricSample[], filter: (s: MetricSample) => boolean = () => true) =>
  new Set(samples.filter(filter).map((s) => `${s.name}${JSON.stringify(s.labels)}`));
const names = (samples: MetricSample[]) => new Set(samples.map((s) => s.name));

let tree: ProcfsFixtureTree;
beforeEach(async () => {
  tree = await ProcfsFixtureTree.create();
});
afterEach(() => tree.remove());

/** The si-fixture probe (the expectations so far) and a probe whose fast cycle reads a procfs fixture tree. */
function probes(fixture: string, statfs: Record<string, StatfsResult>) {
  const clock = new ManualClock();
  const bySi = new FixtureSystemInformation(loadHostFixture(fixture));
  const siProbe = new HostProbe({ si: bySi.si, os: bySi.os, statfs: bySi.statfs, clock, fast: bySi.si });
  const fake = new FixtureSystemInformation(loadHostFixture(fixture));
  const statfsCalls: string[] = [];
  const port = new LinuxProcfsPort({
    root: tree.root,
    now: () => clock.now(),
    statfs: fixtureStatfs(statfs, statfsCalls),
    acceptMount,
  });
  const procfsProbe = new HostProbe({ si: fake.si, os: fake.os, statfs: fake.statfs, clock, fast: port });
  return { clock, siProbe, procfsProbe, fake, statfsCalls };
}

describe('HostProbe with the procfs port', () => {
  it('gives the same metric names and labels as systeminformation on this VM', async () => {
    const { clock, siProbe, procfsProbe, fake, statfsCalls } = probes('vm-debian-12', VM_STATFS);
    await tree.show('vm-debian-12', 't0');
    await procfsProbe.fast();
    await tree.show('vm-debian-12', 't1');
    clock.advance(2200);
    const byProcfs = await procfsProbe.fast();
    const bySi = await siProbe.fast();
    expect(byProcfs.errors).toEqual([]);
    expect(keys(byProcfs.samples)).toEqual(keys(bySi.samples));
    for (const call of ['mem', 'currentLoad', 'fsSize', 'fsStats', 'disksIO', 'networkStats', 'time'])
      expect(fake.calls.get(call), call).toBeUndefined();
    // inode counts come with the port's statfs call: one statfs per mount and cycle
    expect(statfsCalls).toEqual(['/', '/']);
  });

  it('gives the same metric names, interfaces and sensors as systeminformation on a bare-metal host', async () => {
    const { clock, siProbe, procfsProbe } = probes('bare-metal', BARE_METAL_STATFS);
    await tree.show('bare-metal', 't0');
    await procfsProbe.slow();
    await procfsProbe.fast();
    await tree.show('bare-metal', 't1');
    clock.advance(10_000);
    const byProcfs = await procfsProbe.fast();
    await siProbe.slow();
    const bySi = await siProbe.fast();
    expect(names(byProcfs.samples)).toEqual(names(bySi.samples));
    const notFilesystem = (s: MetricSample) => !s.name.startsWith('filesystem.');
    expect(keys(byProcfs.samples, notFilesystem)).toEqual(keys(bySi.samples, notFilesystem));
    expect(byProcfs.samples).toContainEqual({
      name: 'network.oper_up',
      labels: { interface: 'eno2' },
      value: 0,
    });
    expect(byProcfs.samples).toContainEqual({ name: 'cpu.load_percent', labels: {}, value: 40 });
    expect(byProcfs.samples).toContainEqual({
      name: 'host.boot_time_seconds',
      labels: {},
      value: 1764230400,
    });
  });

  it('produces no NaN and keeps cycling on malformed files', async () => {
    const { clock, procfsProbe } = probes('vm-debian-12', VM_STATFS);
    await tree.show('malformed', 't0');
    await procfsProbe.fast();
    clock.advance(15_000);
    const snapshot = await procfsProbe.fast();
    expect(snapshot.errors).toEqual([]);
    for (const s of snapshot.samples) expect(Number.isFinite(s.value), s.name).toBe(true);
  });
});

describe.skipIf(process.platform !== 'linux')(
  'HostProbe on this Linux machine without an injected fast port',
  () => {
    it('reads /proc for the fast cycle and calls systeminformation only for the slow one', async () => {
      const fake = new FixtureSystemInformation(loadHostFixture('vm-debian-12'));
      const probe = new HostProbe({ si: fake.si, os: fake.os });
      await probe.fast();
      const snapshot = await probe.fast();
      expect([...fake.calls.keys()]).toEqual([]);
      expect(snapshot.errors).toEqual([]);
      for (const name of ['memory.used_percent', 'filesystem.used_percent', 'host.boot_time_seconds'])
        expect(names(snapshot.samples).has(name), name).toBe(true);
      await probe.slow();
      expect([...fake.calls.keys()]).toEqual(['networkInterfaces']);
    });
  },
);
