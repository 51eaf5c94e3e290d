import type { MetricSample } from '../sample.js';
import type { FilesystemInfo } from './filesystem-selection.js';
import { mapCpu } from './map-cpu.js';
import { mapDiskIo } from './map-disk-io.js';
import { type InodeCounts, mapFilesystems } from './map-filesystem.js';
import { mapHostTime } from './map-host-time.js';
import { mapMemory } from './map-memory.js';
import { mapNetworkStats } from './map-network-stats.js';
import { mapTemperature } from './map-temperature.js';

/** The raw results of one fast cycle; any of them may be missing when its call failed. */
export interface FastRaw {
  mem?: unknown;
  currentLoad?: unknown;
  load1?: number;
  cpuCount?: number;
  filesystems: readonly FilesystemInfo[];
  inodes: ReadonlyMap<string, InodeCounts>;
  fsStats?: unknown;
  disksIO?: unknown;
  networkStats?: unknown;
  cpuTemperature?: unknown;
  time?: unknown;
}

/** What the fast mapping needs besides the raw results. */
export interface FastContext {
  isMonitoredInterface: (name: string) => boolean;
  maxInterfaces: number;
  maxTemperatureSensors: number;
  nowMs: number;
}

/** All fast-cadence samples of one cycle; pure, so fixtures of real output test it. */
export function mapFastSamples(raw: FastRaw, ctx: FastContext): MetricSample[] {
  return [
    ...mapCpu(raw.currentLoad, raw.load1, raw.cpuCount),
    ...mapMemory(raw.mem),
    ...mapFilesystems(raw.filesystems, raw.inodes),
    ...mapDiskIo(raw.fsStats, raw.disksIO),
    ...mapNetworkStats(raw.networkStats, ctx.isMonitoredInterface, ctx.maxInterfaces),
    ...mapTemperature(raw.cpuTemperature, ctx.maxTemperatureSensors),
    ...mapHostTime(raw.time, ctx.nowMs),
  ];
}
