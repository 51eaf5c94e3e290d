import { type Clock, systemClock } from '../../correlator/clock/clock.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { ProbeSnapshot } from '../sample.js';
import { CallRunner, type ProbeCallError } from './call-runner.js';
import type { FastPort } from './fast-port.js';
import { type FilesystemInfo, selectFilesystems } from './filesystem-selection.js';
import { InterfaceCatalogue } from './interface-catalogue.js';
import { mapFastSamples } from './map-fast.js';
import type { InodeCounts } from './map-filesystem.js';
import { mapInventory } from './map-inventory.js';
import { mapSlowSamples } from './map-slow.js';
import { hasTemperatureSensors } from './map-temperature.js';
import {
  type HostProbeOptions,
  mountFilterOf,
  type ResolvedProbeOptions,
  resolveProbeOptions,
} from './probe-options.js';
import { selectFastPort } from './select-fast-port.js';
import type { OsPort, StatfsPort, SystemInformationPort } from './system-information-port.js';

/** A probe snapshot plus the calls that failed while taking it. */
export type HostSnapshot = ProbeSnapshot & { errors: ProbeCallError[] };
/** An inventory batch plus the calls that failed while taking it. */
export type HostInventory = ObservationBatch & { errors: ProbeCallError[] };

/** What the probe talks to; all injectable so tests run on fixtures. */
export interface HostProbeDeps {
  si: SystemInformationPort;
  os: OsPort;
  clock?: Clock;
  /** Inode counts of filesystems `fsSize()` did not measure itself. Defaults to `fs.promises.statfs`. */
  statfs?: StatfsPort;
  /**
   * Serves the fast cycle. Default: on Linux with a readable /proc/stat, `LinuxProcfsPort`
   * (no child processes; `si` behind it for any file that is missing), elsewhere `si`. Tests
   * replaying a fixture pass the fake `si` here too, or the probe would read this machine.
   */
  fast?: FastPort;
}

/**
 * The local host probe, split by cost (see README.md): `fast()` polls the cheap calls every
 * cycle (from /proc and /sys on Linux, systeminformation elsewhere), `slow()` refreshes the
 * costly interface list, `inventory()` reads static facts once (both systeminformation).
 * Failing or hanging calls are recorded, never fatal.
 */
export class HostProbe {
  readonly #si: SystemInformationPort;
  readonly #os: OsPort;
  readonly #clock: Clock;
  readonly #statfs: StatfsPort;
  readonly #options: ResolvedProbeOptions;
  readonly #runner: CallRunner;
  readonly #interfaces: InterfaceCatalogue;
  #fast: Promise<FastPort> | undefined;
  #temperature: 'unknown' | 'present' | 'absent' = 'unknown';
  #inventory: HostInventory | undefined;

  constructor(deps: HostProbeDeps, options: HostProbeOptions = {}) {
    this.#si = deps.si;
    this.#os = deps.os;
    this.#clock = deps.clock ?? systemClock;
    this.#statfs = deps.statfs ?? defaultStatfs;
    this.#options = resolveProbeOptions(options, deps.os.hostname());
    this.#runner = new CallRunner(this.#options.callTimeoutMs);
    this.#interfaces = new InterfaceCatalogue(this.#options.interfaceFilter, this.#options.maxInterfaces);
    if (deps.fast) this.#fast = Promise.resolve(deps.fast);
  }

  /** The resource name snapshots and events carry. */
  get resource(): string {
    return this.#options.resource;
  }

  /** One fast cycle: CPU, memory, filesystems, disk I/O, network counters, temperature, uptime. */
  async fast(): Promise<HostSnapshot> {
    const time = this.#clock.now();
    const errors: ProbeCallError[] = [];
    const run = <T>(call: string, fn: () => T | Promise<T>) => this.#runner.run(call, fn, errors);
    const pollList = this.#interfaces.pollList();
    const port = await this.#fastPort();
    const [
      mem,
      currentLoad,
      fsSize,
      fsStats,
      disksIO,
      networkStats,
      cpuTemperature,
      hostTime,
      load,
      cpuCount,
    ] = await Promise.all([
      run('mem', () => port.mem()),
      run('currentLoad', () => port.currentLoad()),
      run('fsSize', () => port.fsSize()),
      run('fsStats', () => port.fsStats()),
      run('disksIO', () => port.disksIO()),
      pollList === undefined ? undefined : run('networkStats', () => port.networkStats(pollList)),
      this.#temperature === 'absent' ? undefined : run('cpuTemperature', () => port.cpuTemperature()),
      run('time', () => port.time()),
      run('loadavg', () => this.#os.loadavg()),
      run('cpuCount', () => this.#os.cpuCount()),
    ]);
    if (this.#temperature === 'unknown' && cpuTemperature !== undefined) {
      this.#temperature = hasTemperatureSensors(cpuTemperature) ? 'present' : 'absent';
    }
    const filesystems = selectFilesystems(fsSize, this.#options);
    const inodes = await this.#inodes(filesystems, errors);
    const samples = mapFastSamples(
      {
        mem,
        currentLoad,
        load1: load?.[0],
        cpuCount,
        filesystems,
        inodes,
        fsStats,
        disksIO,
        networkStats,
        cpuTemperature,
        time: hostTime,
      },
      {
        isMonitoredInterface: (name) => this.#interfaces.isMonitored(name),
        maxInterfaces: this.#options.maxInterfaces,
        maxTemperatureSensors: this.#options.maxTemperatureSensors,
        nowMs: time,
      },
    );
    return { resource: this.resource, time, samples, errors };
  }

  /** One slow cycle: refreshes the interface list (about 100 ms) and reports link facts. */
  async slow(): Promise<HostSnapshot> {
    const time = this.#clock.now();
    const errors: ProbeCallError[] = [];
    const raw = await this.#runner.run('networkInterfaces', () => this.#si.networkInterfaces(), errors);
    const current = raw === undefined ? [] : this.#interfaces.update(raw);
    return { resource: this.resource, time, samples: mapSlowSamples(current), errors };
  }

  /** The static inventory: computed on first use, then served from cache. */
  async inventory(): Promise<HostInventory> {
    return this.#inventory ?? this.refreshInventory();
  }

  /** Recomputes the inventory (hardware may have changed) and re-probes temperature sensors. */
  async refreshInventory(): Promise<HostInventory> {
    const observedAt = this.#clock.now();
    const errors: ProbeCallError[] = [];
    const run = <T>(call: string, fn: () => Promise<T>) => this.#runner.run(call, fn, errors);
    const [osInfo, system, cpu, mem, uuid, diskLayout, blockDevices, fsSize, interfaces] = await Promise.all([
      run('osInfo', () => this.#si.osInfo()),
      run('system', () => this.#si.system()),
      run('cpu', () => this.#si.cpu()),
      run('mem', () => this.#si.mem()),
      run('uuid', () => this.#si.uuid()),
      run('diskLayout', () => this.#si.diskLayout()),
      run('blockDevices', () => this.#si.blockDevices()),
      run('fsSize', () => this.#si.fsSize()),
      run('networkInterfaces', () => this.#si.networkInterfaces()),
    ]);
    if (interfaces !== undefined) this.#interfaces.update(interfaces);
    this.#temperature = 'unknown';
    const batch = mapInventory(
      {
        osInfo,
        system,
        cpu,
        mem,
        uuid,
        diskLayout,
        blockDevices,
        filesystems: selectFilesystems(fsSize, this.#options),
        interfaces: this.#interfaces.known(),
        hostname: this.#os.hostname(),
      },
      observedAt,
    );
    this.#inventory = { ...batch, errors };
    return this.#inventory;
  }

  /** The fast-cycle port, chosen on first use (checking /proc/stat is asynchronous). */
  #fastPort(): Promise<FastPort> {
    this.#fast ??= selectFastPort(this.#si, { acceptMount: mountFilterOf(this.#options) });
    return this.#fast;
  }

  async #inodes(filesystems: readonly FilesystemInfo[], errors: ProbeCallError[]) {
    const counts = new Map<string, InodeCounts>();
    await Promise.all(
      filesystems.map(async ({ mount, inodes }) => {
        if (inodes) {
          counts.set(mount, inodes);
          return;
        }
        const result = await this.#runner.run(`statfs:${mount}`, () => this.#statfs(mount), errors);
        if (result) counts.set(mount, { files: Number(result.files), ffree: Number(result.ffree) });
      }),
    );
    return counts;
  }
}

async function defaultStatfs(path: string): Promise<{ files: number; ffree: number }> {
  const { statfs } = await import('node:fs/promises');
  return statfs(path);
}
