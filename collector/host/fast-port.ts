import type { SystemInformationPort } from './system-information-port.js';

/**
 * The calls of one fast cycle, in systeminformation's shapes so the same mappers read them.
 * Served by systeminformation itself, or on Linux by `LinuxProcfsPort`, which reads /proc and
 * /sys without starting child processes. `time()` may return a promise.
 */
export type FastPort = Pick<
  SystemInformationPort,
  'mem' | 'currentLoad' | 'fsSize' | 'fsStats' | 'disksIO' | 'networkStats' | 'cpuTemperature' | 'time'
>;
