import { statfs as nodeStatfs } from 'node:fs/promises';
import { type CounterSample, counterRate, summedRates } from './counter-rate.js';
import { cpuLoadBetween } from './cpu-load.js';
import type { FastPort } from './fast-port.js';
import { parseDiskstats, wholeDisks } from './parse-diskstats.js';
import { memoryFromMeminfo, parseMeminfo } from './parse-meminfo.js';
import { parseMountinfo } from './parse-mountinfo.js';
import { parseNetDev } from './parse-net-dev.js';
import { type CpuTimes, parseProcStat } from './parse-proc-stat.js';
import { parseUptime } from './parse-uptime.js';
import { ProcfsReader } from './procfs-reader.js';
import { ProcfsTemperatures } from './procfs-temperatures.js';
import { type MountFilter, selectMounts } from './select-mounts.js';
import { measureMount, type StatfsResult } from './statfs-entry.js';

/** Options of `LinuxProcfsPort`; every field has a default. */
export interface ProcfsPortOptions {
  /** Where /proc and /sys are found: `/`, or a fixture tree in tests. */
  root?: string;
  /** Monotonic clock for rates, ms. Default `performance.now()`. */
  now?: () => number;
  /** `statfs(2)` of a mount point (as listed in the mount table, not below `root`). */
  statfs?: (path: string) => Promise<StatfsResult>;
  /** A statfs call taking longer (a dead NFS server) is given up for this cycle, ms. Default 2000. */
  statfsTimeoutMs?: number;
  /** Which mounts are worth measuring; the probe passes its filesystem filters. */
  acceptMount?: MountFilter;
}

/** Operational states of an interface that is not up (kernel `operstate` values). */
const DOWN_STATES = new Set(['down', 'lowerlayerdown', 'notpresent']);

/** Sector unit of /proc/diskstats, whatever the device's sector size. */
const SECTOR_BYTES = 512;

/**
 * The fast-cycle calls on Linux, read from /proc and /sys with async file reads and no child
 * processes (systeminformation spawns `cat`, `lsblk`, `df`... for these, about 330 ms of CPU
 * per cycle). Results have systeminformation's shapes, so the mappers do not know the
 * difference. Rates (CPU load, disk and network throughput) come from the difference to the
 * previous call of the same method, so one poller must own the port; the first call of each
 * returns null rates. A missing file rejects with `ProcfsUnavailableError`.
 */
export class LinuxProcfsPort implements FastPort {
  readonly #reader: ProcfsReader;
  readonly #now: () => number;
  readonly #statfs: (path: string) => Promise<StatfsResult>;
  readonly #statfsTimeoutMs: number;
  readonly #acceptMount: MountFilter | undefined;
  readonly #statfsPending = new Set<string>();
  readonly #temperatures: ProcfsTemperatures;
  #cpu: CpuTimes | undefined;
  #diskBytes: CounterSample | undefined;
  #diskOps: CounterSample | undefined;
  #net = new Map<string, { atMs: number; rx: number; tx: number }>();

  constructor({
    root = '/',
    now = () => performance.now(),
    statfs = nodeStatfs,
    statfsTimeoutMs = 2000,
    acceptMount,
  }: ProcfsPortOptions = {}) {
    this.#reader = new ProcfsReader(root);
    this.#now = now;
    this.#statfs = statfs;
    this.#statfsTimeoutMs = statfsTimeoutMs;
    this.#acceptMount = acceptMount;
    this.#temperatures = new ProcfsTemperatures(this.#reader);
  }

  /** /proc/meminfo. */
  async mem(): Promise<unknown> {
    return memoryFromMeminfo(parseMeminfo(await this.#reader.text('proc/meminfo')));
  }

  /** CPU busy share since the previous call, from the aggregate `cpu` line of /proc/stat. */
  async currentLoad(): Promise<unknown> {
    const { cpu } = parseProcStat(await this.#reader.text('proc/stat'));
    const load = cpuLoadBetween(this.#cpu, cpu);
    this.#cpu = cpu ?? this.#cpu;
    return load;
  }

  /** `statfs(2)` of the mounts of /proc/self/mountinfo, with df's arithmetic. */
  async fsSize(): Promise<unknown> {
    const mounts = selectMounts(
      parseMountinfo(await this.#reader.text('proc/self/mountinfo')),
      this.#acceptMount,
    );
    const entries = await Promise.all(
      mounts.map((mount) =>
        measureMount(mount, this.#statfs, { pending: this.#statfsPending, timeoutMs: this.#statfsTimeoutMs }),
      ),
    );
    return entries.filter((entry) => entry !== undefined);
  }

  /** Bytes read and written per second by the whole disks of /proc/diskstats. */
  async fsStats(): Promise<unknown> {
    const sample = await this.#diskSample((d) => [
      d.sectorsRead * SECTOR_BYTES,
      d.sectorsWritten * SECTOR_BYTES,
    ]);
    const [rx_sec, wx_sec] = summedRates(this.#diskBytes, sample, 2);
    const [rx, wx] = totals(sample);
    const ms = this.#diskBytes ? Math.round(sample.atMs - this.#diskBytes.atMs) : 0;
    this.#diskBytes = sample;
    return { rx, wx, tx: rx + wx, rx_sec, wx_sec, tx_sec: sumOrNull(rx_sec, wx_sec), ms };
  }

  /** Read and write operations per second of the whole disks of /proc/diskstats. */
  async disksIO(): Promise<unknown> {
    const sample = await this.#diskSample((d) => [d.readsCompleted, d.writesCompleted]);
    const [rIO_sec, wIO_sec] = summedRates(this.#diskOps, sample, 2);
    const [rIO, wIO] = totals(sample);
    const ms = this.#diskOps ? Math.round(sample.atMs - this.#diskOps.atMs) : 0;
    this.#diskOps = sample;
    return { rIO, wIO, tIO: rIO + wIO, rIO_sec, wIO_sec, tIO_sec: sumOrNull(rIO_sec, wIO_sec), ms };
  }

  /**
   * Counters of /proc/net/dev and the state in /sys/class/net/<if>/operstate for a
   * comma-separated list of interfaces. `*` means every interface that is not down, like
   * systeminformation's `*` (it lists what Node lists: interfaces that are up), so a probe that
   * has not learnt its interfaces yet does not report never-used down ports. An interface that
   * no longer exists is reported with state `unknown` and no counters.
   */
  async networkStats(interfaces: string): Promise<unknown> {
    const counters = new Map(parseNetDev(await this.#reader.text('proc/net/dev')).map((c) => [c.iface, c]));
    const atMs = this.#now();
    const all = interfaces.trim() === '*';
    const names = all
      ? [...counters.keys()]
      : [...new Set(interfaces.split(',').map((name) => name.trim()))].filter(Boolean);
    const previous = this.#net;
    this.#net = new Map();
    const stats = await Promise.all(
      names.map(async (iface) => {
        const c = counters.get(iface);
        if (!c) return { iface, operstate: 'unknown', rx_sec: null, tx_sec: null };
        const operstate = (await this.#reader.optionalText(`sys/class/net/${iface}/operstate`))?.trim();
        if (all && operstate && DOWN_STATES.has(operstate)) return undefined;
        const before = previous.get(iface);
        const seconds = before ? (atMs - before.atMs) / 1000 : 0;
        this.#net.set(iface, { atMs, rx: c.rxBytes, tx: c.txBytes });
        return {
          iface,
          operstate: operstate || 'unknown',
          rx_bytes: c.rxBytes,
          rx_dropped: c.rxDropped,
          rx_errors: c.rxErrors,
          tx_bytes: c.txBytes,
          tx_dropped: c.txDropped,
          tx_errors: c.txErrors,
          rx_sec: counterRate(before?.rx, c.rxBytes, seconds),
          tx_sec: counterRate(before?.tx, c.txBytes, seconds),
          ms: before ? Math.round(atMs - before.atMs) : 0,
        };
      }),
    );
    return stats.filter((entry) => entry !== undefined);
  }

  /** hwmon and thermal-zone sensors; nulls on hosts without any (VMs). */
  cpuTemperature(): Promise<unknown> {
    return this.#temperatures.read();
  }

  /** Uptime from /proc/uptime and the boot time from `btime` of /proc/stat (stable, unlike now - uptime). */
  async time(): Promise<unknown> {
    const [uptimeText, statText] = await Promise.all([
      this.#reader.text('proc/uptime'),
      this.#reader.optionalText('proc/stat'),
    ]);
    const bootTime = statText === undefined ? undefined : parseProcStat(statText).bootTime;
    return { uptime: parseUptime(uptimeText) ?? null, ...(bootTime !== undefined ? { bootTime } : {}) };
  }

  async #diskSample(
    counters: (d: ReturnType<typeof parseDiskstats>[number]) => number[],
  ): Promise<CounterSample> {
    const [text, sysBlock] = await Promise.all([
      this.#reader.text('proc/diskstats'),
      this.#reader.list('sys/block'),
    ]);
    const atMs = this.#now();
    const disks = wholeDisks(parseDiskstats(text), sysBlock ? new Set(sysBlock) : undefined);
    return { atMs, byDevice: new Map(disks.map((d) => [d.name, counters(d)])) };
  }
}

/** The two counters of a disk sample summed over its disks. */
function totals(sample: CounterSample): [number, number] {
  let first = 0;
  let second = 0;
  for (const [a = 0, b = 0] of sample.byDevice.values()) {
    first += a;
    second += b;
  }
  return [first, second];
}

function sumOrNull(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : a + b;
}
