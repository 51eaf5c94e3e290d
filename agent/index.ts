export { attempt } from './attempt.js';
export { createLocalHostMonitor, type LocalHostMonitorSetup } from './create-host-monitor.js';
export { HostMonitor } from './host-monitor.js';
export type {
  CycleReport,
  HostMonitorDeps,
  HostMonitorOptions,
  HostMonitorSinks,
  HostProbeLike,
} from './host-monitor-types.js';
export { systemTimers, type Timers } from './timers.js';
