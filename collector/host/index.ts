export { CallRunner, type ProbeCallError } from './call-runner.js';
export { FallbackFastPort } from './fallback-fast-port.js';
export type { FastPort } from './fast-port.js';
export { FixtureSystemInformation, type HostFixture, loadHostFixture } from './fixture-system-information.js';
export { type HostInventory, HostProbe, type HostProbeDeps, type HostSnapshot } from './host-probe.js';
export { isJunkValue, realValue } from './junk-value.js';
export { type CycleCost, type MeasureOptions, measureCycleCpu } from './measure-cycle.js';
export {
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTS,
  type HostProbeOptions,
} from './probe-options.js';
export { LinuxProcfsPort, type ProcfsPortOptions } from './procfs-port.js';
export { ProcfsUnavailableError } from './procfs-unavailable-error.js';
export { type SelectFastPortOptions, selectFastPort } from './select-fast-port.js';
export {
  loadOsPort,
  loadSystemInformation,
  type OsPort,
  type StatfsPort,
  type SystemInformationPort,
} from './system-information-port.js';
