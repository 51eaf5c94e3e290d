import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountFilterOf, resolveProbeOptions } from './probe-options.js';
import { fixtureStatfs, ProcfsFixtureTree } from './procfs-fixture.js';
import { LinuxProcfsPort, type ProcfsPortOptions } from './procfs-port.js';
import { ProcfsUnavailableError } from './procfs-unavailable-error.js';
import type { StatfsResult } from './statfs-entry.js';

const acceptMount = mountFilterOf(resolveProbeOptions({}, 'test-host'));

/** statfs of this VM's root filesystem (the numbers df showed when the fixture was taken). */
const VM_STATFS: Record<string, StatfsResult> = {
  '/': { bsize: 4096, blocks: 66053021, bfree: 60184863, bavail: 20729570, files: 16777216, ffree: 16356176 },
};

const disk = (gib: number, usedGib: number, reservedGib = 0, files = 1000, ffree = 900): StatfsResult => ({
  bsize: 4096,
  blocks: gib * 262144,
  bfree: (gib - usedGib) * 262144,
  bavail: (gib - usedGib - reservedGib) * 262144,
  files,
  ffree,
});

const BARE_METAL_STATFS: Record<string, StatfsResult> = {
  '/': disk(100, 40, 5),
  '/boot/efi': disk(1, 0, 0, 0, 0),
  '/data': disk(4000, 3700),
  '/srv/exports': disk(4000, 3700),
  '/mnt/backup': disk(20000, 12000),
  '/var/lib/postgresql': disk(500, 100),
  '/mnt/old disk': disk(250, 10),
  '/scratch': disk(800, 1),
};

/** Every number anywhere in a value is finite (no NaN, no Infinity). */
function expectOnlyFiniteNumbers(value: unknown, path = '$'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expectOnlyFiniteNumbers(v, `${path}.${k}`);
}

/** Every rate (`*_sec`) is null or >= 0. */
function expectNoNegativeRates(value: unknown): void {
  for (const entry of Array.isArray(value) ? value : [value]) {
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (k.endsWith('_sec') && v !== null) expect(v as number, k).toBeGreaterThanOrEqual(0);
    }
  }
}

let tree: ProcfsFixtureTree;
let nowMs: number;
const statfsCalls: string[] = [];

beforeEach(async () => {
  tree = await ProcfsFixtureTree.create();
  nowMs = 0;
  statfsCalls.length = 0;
});
afterEach(() => tree.remove());

function port(statfs: Record<string, StatfsResult>, options: ProcfsPortOptions = {}) {
  return new LinuxProcfsPort({
    root: tree.root,
    now: () => nowMs,
    statfs: fixtureStatfs(statfs, statfsCalls),
    acceptMount,
    ...options,
  });
}

/** Calls every method like a fast cycle does (concurrently). */
async function cycle(p: LinuxProcfsPort, interfaces = '*') {
  const [mem, currentLoad, fsSize, fsStats, disksIO, networkStats, cpuTemperature, time] = await Promise.all([
    p.mem(),
    p.currentLoad(),
    p.fsSize(),
    p.fsStats(),
    p.disksIO(),
    p.networkStats(interfaces),
    p.cpuTemperature(),
    p.time(),
  ]);
  return { mem, currentLoad, fsSize, fsStats, disksIO, networkStats, cpuTemperature, time };
}

describe('LinuxProcfsPort on this VM (real files captured 2.2 s apart)', () => {
  it('reports no rates on the first call', async () => {
    await tree.show('vm-debian-12', 't0');
    const first = await cycle(port(VM_STATFS));
    expect(first.currentLoad).toMatchObject({ currentLoad: null });
    expect(first.fsStats).toMatchObject({ rx_sec: null, wx_sec: null });
    expect(first.disksIO).toMatchObject({ rIO_sec: null, wIO_sec: null });
    expect(first.networkStats).toContainEqual(expect.objectContaining({ iface: 'eth0', rx_sec: null }));
  });

  it('computes CPU load and disk rates from the differences between the two snapshots', async () => {
    const p = port(VM_STATFS);
    await tree.show('vm-debian-12', 't0');
    await cycle(p);
    await tree.show('vm-debian-12', 't1');
    nowMs = 2200;
    const second = await cycle(p);
    expect((second.currentLoad as { currentLoad: number }).currentLoad).toBeCloseTo((97 / 439) * 100, 10);
    // vda only (loop and zram devices are not disks): +88 sectors read, +68624 written, +3 reads, +527 writes
    expect(second.fsStats).toMatchObject({ rx_sec: (88 * 512) / 2.2, wx_sec: (68624 * 512) / 2.2, ms: 2200 });
    expect(second.disksIO).toMatchObject({ rIO_sec: 3 / 2.2, wIO_sec: 527 / 2.2 });
    expect(second.networkStats).toEqual([
      expect.objectContaining({ iface: 'lo', operstate: 'unknown', rx_sec: expect.any(Number) }),
      expect.objectContaining({ iface: 'eth0', operstate: 'up', rx_bytes: 247635695, rx_sec: 0, tx_sec: 0 }),
    ]);
    expectOnlyFiniteNumbers(second);
  });

  it('measures the root filesystem only, with df arithmetic and the inode counts', async () => {
    await tree.show('vm-debian-12', 't0');
    const { fsSize } = await cycle(port(VM_STATFS));
    expect(statfsCalls).toEqual(['/']);
    expect(fsSize).toEqual([
      {
        fs: '/dev/vda',
        type: 'ext4',
        size: 270553174016,
        used: 24035975168,
        available: 84908318720,
        use: 22.06,
        mount: '/',
        rw: true,
        files: 16777216,
        ffree: 16356176,
      },
    ]);
  });

  it('reads memory, uptime, boot time, and no temperature sensors', async () => {
    await tree.show('vm-debian-12', 't0');
    const { mem, time, cpuTemperature } = await cycle(port(VM_STATFS));
    expect(mem).toMatchObject({ total: 24683620 * 1024, available: 23490404 * 1024, swaptotal: 0 });
    expect(time).toEqual({ uptime: 2476.55, bootTime: 1795771205 });
    expect(cpuTemperature).toEqual({ main: null, cores: [], max: null, socket: [], chipset: null });
  });
});

describe('LinuxProcfsPort on a bare-metal host (hand-made, 10 s apart)', () => {
  async function twoCycles(interfaces = '*') {
    const p = port(BARE_METAL_STATFS);
    await tree.show('bare-metal', 't0');
    await cycle(p, interfaces);
    await tree.show('bare-metal', 't1');
    nowMs = 10_000;
    return { p, second: await cycle(p, interfaces) };
  }

  it('sums whole disks only: partitions, device-mapper, md and loop devices would count I/O twice', async () => {
    const { second } = await twoCycles();
    // nvme0n1 +200000/+40000 sectors, +1000/+500 ops; sda +8000/+2000 sectors, +200/+100 ops; sdb idle
    expect(second.fsStats).toMatchObject({ rx_sec: (208000 * 512) / 10, wx_sec: (42000 * 512) / 10 });
    expect(second.disksIO).toMatchObject({ rIO_sec: 120, wIO_sec: 60 });
  });

  it('reports 40 % CPU load', async () => {
    const { second } = await twoCycles();
    expect((second.currentLoad as { currentLoad: number }).currentLoad).toBeCloseTo(40, 10);
  });

  it('reports NIC rates, error and drop totals, and the state of a down port', async () => {
    const { second } = await twoCycles('eno1,eno2,gone0');
    expect(second.networkStats).toEqual([
      expect.objectContaining({
        iface: 'eno1',
        operstate: 'up',
        rx_sec: 1_250_000,
        tx_sec: 250_000,
        rx_errors: 3,
        rx_dropped: 17,
        tx_errors: 0,
        tx_dropped: 2,
      }),
      expect.objectContaining({ iface: 'eno2', operstate: 'down', rx_sec: 0, tx_sec: 0 }),
      { iface: 'gone0', operstate: 'unknown', rx_sec: null, tx_sec: null },
    ]);
  });

  it('lists the interfaces that are not down for `*`', async () => {
    const { second } = await twoCycles('*');
    expect((second.networkStats as { iface: string }[]).map((s) => s.iface)).toEqual([
      'lo',
      'eno1',
      'docker0',
      'veth1a2b3c4',
    ]);
  });

  it('reads hwmon and thermal-zone temperatures', async () => {
    const { second } = await twoCycles();
    expect(second.cpuTemperature).toEqual({
      main: 53,
      cores: [50, 51, 57, 50],
      max: 57,
      socket: [27.8],
      chipset: 45,
    });
  });

  it('measures each filesystem once and never calls statfs on an automount point', async () => {
    const { second } = await twoCycles();
    const entries = second.fsSize as { mount: string; rw: boolean; use: number }[];
    expect(entries.map((e) => e.mount)).toEqual(Object.keys(BARE_METAL_STATFS));
    expect(statfsCalls).not.toContain('/home');
    expect(entries.find((e) => e.mount === '/mnt/old disk')?.rw).toBe(false);
    // 40 GiB used of 95 GiB usable (5 GiB reserved for root count as used, like df)
    expect(entries.find((e) => e.mount === '/')?.use).toBeCloseTo((40 / 95) * 100, 2);
  });

  it('gives null rates, never negative ones, when counters go backwards', async () => {
    const { p } = await twoCycles();
    await tree.show('counter-reset', 't2');
    nowMs = 20_000;
    const third = await cycle(p, 'eno1');
    expect(third.currentLoad).toMatchObject({ currentLoad: null });
    expect(third.fsStats).toMatchObject({ rx_sec: null, wx_sec: null });
    expect(third.disksIO).toMatchObject({ rIO_sec: null, wIO_sec: null });
    expect(third.networkStats).toEqual([expect.objectContaining({ iface: 'eno1', rx_sec: null, tx_sec: 0 })]);
    for (const result of Object.values(third)) expectNoNegativeRates(result);
    nowMs = 30_000;
    const fourth = await cycle(p, 'eno1');
    expect(fourth.fsStats).toMatchObject({ rx_sec: 0, wx_sec: 0 });
  });

  it('leaves out a mount whose statfs hangs and does not call it again while it hangs', async () => {
    await tree.show('bare-metal', 't0');
    const calls: string[] = [];
    const answer = fixtureStatfs(BARE_METAL_STATFS);
    const statfs = (path: string) => {
      calls.push(path);
      return path === '/mnt/backup' ? new Promise<never>(() => undefined) : answer(path);
    };
    const p = port(BARE_METAL_STATFS, { statfs, statfsTimeoutMs: 10 });
    const first = (await p.fsSize()) as { mount: string }[];
    const second = (await p.fsSize()) as { mount: string }[];
    expect(first.map((e) => e.mount)).not.toContain('/mnt/backup');
    expect(second).toHaveLength(7);
    expect(calls.filter((c) => c === '/mnt/backup')).toHaveLength(1);
  });
});

describe('LinuxProcfsPort on bad input', () => {
  it.each(['malformed', 'empty'])('never throws and never returns NaN on %s files', async (fixture) => {
    const p = port({ '/': disk(10, 1) });
    await tree.show(fixture, 't0');
    const first = await cycle(p, '*');
    nowMs = 1000;
    const second = await cycle(p, 'eth0,eth1');
    for (const result of [first, second]) {
      expectOnlyFiniteNumbers(result);
      for (const value of Object.values(result)) expectNoNegativeRates(value);
    }
    expect(second.fsSize).toEqual([]);
  });

  it('rejects with ProcfsUnavailableError when a file is missing; temperatures are simply absent', async () => {
    const p = port({});
    const calls = {
      mem: () => p.mem(),
      currentLoad: () => p.currentLoad(),
      fsSize: () => p.fsSize(),
      fsStats: () => p.fsStats(),
      disksIO: () => p.disksIO(),
      networkStats: () => p.networkStats('*'),
      time: () => p.time(),
    };
    for (const [name, call] of Object.entries(calls)) {
      await expect(call(), name).rejects.toBeInstanceOf(ProcfsUnavailableError);
    }
    expect(await p.cpuTemperature()).toMatchObject({ main: null, cores: [] });
  });
});
