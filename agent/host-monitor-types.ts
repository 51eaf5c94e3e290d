import type { ProbeCallError } from '../collector/host/call-runner.js';
import type { HostInventory, HostSnapshot } from '../collector/host/host-probe.js';
import type { Clock } from '../correlator/clock/clock.js';
import type { NativeEvent } from '../correlator/model/event.js';
import type { ObservationBatch } from '../correlator/model/observation.js';
import type { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import type { Timers } from './timers.js';

/** The probe operations the monitor schedules (implemented by `HostProbe`). */
export interface HostProbeLike {
  fast(): Promise<HostSnapshot>;
  slow(): Promise<HostSnapshot>;
  inventory(): Promise<HostInventory>;
  refreshInventory(): Promise<HostInventory>;
}

/** What one cycle cost and what failed in it; feeds the probe duration / error metrics. */
export interface CycleReport {
  /** When the cycle started (the monitor's clock): liveness dates a failed check from it. */
  startedAt: number;
  durationMs: number;
  /** CPU time of this process during the cycle (excludes child processes systeminformation spawns). */
  cpuMs: number;
  errors: ProbeCallError[];
  samples: number;
  events: number;
}

/** Where the monitor's output goes (the agent's shipper, or the embedded correlator). */
export interface HostMonitorSinks {
  onEvents(events: NativeEvent[]): Promise<void>;
  onObservations(batch: ObservationBatch): Promise<void>;
  onCycle(report: CycleReport): void | Promise<void>;
}

/** Everything the monitor talks to. */
export interface HostMonitorDeps {
  probe: HostProbeLike;
  evaluator: ThresholdEvaluator;
  sinks: HostMonitorSinks;
  clock?: Clock;
  timers?: Timers;
  /** CPU usage source; default `process.cpuUsage`. */
  cpuUsage?: (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
}

/** Cadences, ms. */
export interface HostMonitorOptions {
  /** Fast probe and rule evaluation; default 15 s. */
  intervalMs?: number;
  /** Interface list refresh; default 60 s. */
  slowIntervalMs?: number;
  /** Inventory refresh (CMDB observations); default 1 h. */
  inventoryIntervalMs?: number;
  /**
   * Most undelivered events kept for the next cycle when `onEvents` fails; default 1000. (An
   * undelivered inventory batch is likewise offered again next cycle.)
   */
  maxPendingEvents?: number;
}
