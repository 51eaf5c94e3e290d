import { fieldsOf, parseCount } from './parse-number.js';

/** Time all CPUs together spent in each state since boot, in USER_HZ ticks (aggregate `cpu` line). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

/** What the probe needs from /proc/stat. */
export interface ProcStat {
  cpu?: CpuTimes;
  /** Boot time, seconds since the epoch (`btime`). */
  bootTime?: number;
}

/**
 * Parses /proc/stat: the aggregate `cpu` line and `btime`. Only those lines are split (the
 * `intr` line holds thousands of numbers on big hosts). A line with a missing or non-numeric
 * field is skipped. Fields that old kernels lack (iowait before 2.5.41, irq/softirq before
 * 2.6.0, steal before 2.6.11) count as 0; guest and guest_nice are ignored because the kernel
 * already counts them in user and nice.
 */
export function parseProcStat(text: string): ProcStat {
  const result: ProcStat = {};
  for (const line of text.split('\n')) {
    if (result.cpu === undefined && line.startsWith('cpu ')) {
      const cpu = cpuTimes(fieldsOf(line).slice(1));
      if (cpu) result.cpu = cpu;
    } else if (result.bootTime === undefined && line.startsWith('btime ')) {
      const bootTime = parseCount(fieldsOf(line)[1]);
      if (bootTime !== undefined && bootTime > 0) result.bootTime = bootTime;
    }
  }
  return result;
}

function cpuTimes(fields: string[]): CpuTimes | undefined {
  if (fields.length < 4) return undefined;
  const values = fields.slice(0, 8).map(parseCount);
  if (values.some((v) => v === undefined)) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    values as number[];
  return { user, nice, system, idle, iowait, irq, softirq, steal };
}
