import { HostProbe } from '../collector/host/host-probe.js';
import type { HostProbeOptions } from '../collector/host/probe-options.js';
import { loadOsPort, loadSystemInformation } from '../collector/host/system-information-port.js';
import type { Clock } from '../correlator/clock/clock.js';
import type { ThresholdRule } from '../rules/rule-types.js';
import { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { HostMonitor } from './host-monitor.js';
import type { HostMonitorOptions, HostMonitorSinks } from './host-monitor-types.js';

/** What `createLocalHostMonitor` needs: where output goes, the rules, and optional tuning. */
export interface LocalHostMonitorSetup {
  sinks: HostMonitorSinks;
  rules: readonly ThresholdRule[];
  probe?: HostProbeOptions;
  monitor?: HostMonitorOptions;
  clock?: Clock;
}

/**
 * Wires a monitor of this machine: the real systeminformation, a probe, and an evaluator whose
 * staleness follows the monitor's interval. `vigil run` and `vigil agent` start it.
 */
export async function createLocalHostMonitor(setup: LocalHostMonitorSetup): Promise<HostMonitor> {
  const [si, os] = await Promise.all([loadSystemInformation(), loadOsPort()]);
  const probe = new HostProbe({ si, os, clock: setup.clock }, setup.probe);
  const evaluator = new ThresholdEvaluator(setup.rules, { intervalMs: setup.monitor?.intervalMs ?? 15_000 });
  return new HostMonitor({ probe, evaluator, sinks: setup.sinks, clock: setup.clock }, setup.monitor);
}
