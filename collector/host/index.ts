export { CallRunner, type ProbeCallError } from './call-runner.js';
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
export {
  loadOsPort,
  loadSystemInformation,
  type OsPort,
  type StatfsPort,
  type SystemInformationPort,
} from './system-information-port.js';
