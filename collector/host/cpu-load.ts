import type { CpuTimes } from './parse-proc-stat.js';

/** A `si.currentLoad()`-shaped result: percentages of all CPU time between two samples. */
export interface CpuLoad {
  currentLoad: number | null;
  currentLoadUser: number | null;
  currentLoadSystem: number | null;
  currentLoadNice: number | null;
  currentLoadIdle: number | null;
  currentLoadIowait: number | null;
  currentLoadIrq: number | null;
  currentLoadSteal: number | null;
}

const UNKNOWN: CpuLoad = {
  currentLoad: null,
  currentLoadUser: null,
  currentLoadSystem: null,
  currentLoadNice: null,
  currentLoadIdle: null,
  currentLoadIowait: null,
  currentLoadIrq: null,
  currentLoadSteal: null,
};

/**
 * CPU load between two /proc/stat samples. Busy is user + nice + system + irq + softirq +
 * steal; iowait counts as idle (the CPU had nothing to run). Without two samples, with no
 * ticks elapsed, or when a counter went backwards (CPU hot-unplug), every field is null:
 * an unknown load, never a load since boot or a negative one.
 */
export function cpuLoadBetween(prev: CpuTimes | undefined, cur: CpuTimes | undefined): CpuLoad {
  if (!prev || !cur) return UNKNOWN;
  const d = {
    user: cur.user - prev.user,
    nice: cur.nice - prev.nice,
    system: cur.system - prev.system,
    idle: cur.idle - prev.idle,
    iowait: cur.iowait - prev.iowait,
    irq: cur.irq - prev.irq,
    softirq: cur.softirq - prev.softirq,
    steal: cur.steal - prev.steal,
  };
  if (Object.values(d).some((v) => v < 0)) return UNKNOWN;
  const busy = d.user + d.nice + d.system + d.irq + d.softirq + d.steal;
  const total = busy + d.idle + d.iowait;
  if (total <= 0) return UNKNOWN;
  const pct = (ticks: number) => (ticks / total) * 100;
  return {
    currentLoad: pct(busy),
    currentLoadUser: pct(d.user),
    currentLoadSystem: pct(d.system),
    currentLoadNice: pct(d.nice),
    currentLoadIdle: pct(d.idle),
    currentLoadIowait: pct(d.iowait),
    currentLoadIrq: pct(d.irq + d.softirq),
    currentLoadSteal: pct(d.steal),
  };
}
