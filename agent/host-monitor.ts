import type { ProbeCallError } from '../collector/host/call-runner.js';
import type { MetricSample } from '../collector/sample.js';
import { type Clock, systemClock } from '../correlator/clock/clock.js';
import type { NativeEvent } from '../correlator/model/event.js';
import type { ObservationBatch } from '../correlator/model/observation.js';
import type { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { attempt } from './attempt.js';
import type {
  CycleReport,
  HostMonitorDeps,
  HostMonitorOptions,
  HostMonitorSinks,
  HostProbeLike,
} from './host-monitor-types.js';
import { systemTimers, type Timers } from './timers.js';

/**
 * Runs the local host probe on timers: inventory at start and every `inventoryIntervalMs`,
 * the interface refresh every `slowIntervalMs`, and every `intervalMs` a fast cycle whose
 * samples (plus the latest slow ones) go through the threshold rules. Cycles never overlap:
 * the next one is scheduled when the previous one has finished.
 */
export class HostMonitor {
  readonly #probe: HostProbeLike;
  readonly #evaluator: ThresholdEvaluator;
  readonly #sinks: HostMonitorSinks;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #cpuUsage: (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
  readonly #intervalMs: number;
  readonly #slowIntervalMs: number;
  readonly #inventoryIntervalMs: number;
  readonly #maxPendingEvents: number;
  #timer: unknown;
  #running: Promise<CycleReport> | undefined;
  #started = false;
  /** Bumped by start/stop so a tick of an earlier run never reschedules. */
  #generation = 0;
  #lastSlow = Number.NEGATIVE_INFINITY;
  #lastInventory = Number.NEGATIVE_INFINITY;
  #inventoryTaken = false;
  #slowSamples: MetricSample[] = [];
  #pendingEvents: NativeEvent[] = [];
  #pendingObservations: ObservationBatch | undefined;

  constructor(
    { probe, evaluator, sinks, clock = systemClock, timers = systemTimers, cpuUsage }: HostMonitorDeps,
    {
      intervalMs = 15_000,
      slowIntervalMs = 60_000,
      inventoryIntervalMs = 3_600_000,
      maxPendingEvents = 1000,
    }: HostMonitorOptions = {},
  ) {
    this.#probe = probe;
    this.#evaluator = evaluator;
    this.#sinks = sinks;
    this.#clock = clock;
    this.#timers = timers;
    this.#cpuUsage = cpuUsage ?? ((previous) => process.cpuUsage(previous));
    this.#intervalMs = intervalMs;
    this.#slowIntervalMs = slowIntervalMs;
    this.#inventoryIntervalMs = inventoryIntervalMs;
    this.#maxPendingEvents = maxPendingEvents;
  }

  /** Starts the schedule; the first cycle runs at once. Calling it twice does nothing. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#generation++;
    this.#schedule(0);
  }

  /** Stops the schedule and waits for a running cycle to finish. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#generation++;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /**
   * Runs one cycle now (the scheduler uses it; so can a CLI "check once"). If a cycle is
   * already running, returns that one instead of starting a second.
   */
  runCycle(): Promise<CycleReport> {
    this.#running ??= this.#cycle().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #schedule(delayMs: number): void {
    const generation = this.#generation;
    this.#timer = this.#timers.setTimeout(() => this.#tick(generation), delayMs);
  }

  async #tick(generation: number): Promise<void> {
    if (generation !== this.#generation) return;
    this.#timer = undefined;
    const started = this.#clock.now();
    // A cycle records its own failures; this catch only keeps the schedule alive on a bug.
    await this.runCycle().catch(() => undefined);
    if (generation === this.#generation) {
      const elapsed = this.#clock.now() - started;
      this.#schedule(Math.min(this.#intervalMs, Math.max(0, this.#intervalMs - elapsed)));
    }
  }

  async #cycle(): Promise<CycleReport> {
    const cpuBefore = this.#cpuUsage();
    const wallBefore = performance.now();
    const errors: ProbeCallError[] = [];
    const now = this.#clock.now();
    if (now - this.#lastInventory >= this.#inventoryIntervalMs) {
      this.#lastInventory = now;
      await this.#takeInventory(errors);
    }
    await this.#shipObservations(errors);
    if (now - this.#lastSlow >= this.#slowIntervalMs) {
      this.#lastSlow = now;
      const slow = await attempt('slow', () => this.#probe.slow(), errors);
      errors.push(...(slow?.errors ?? []));
      this.#slowSamples = slow?.samples ?? [];
    }
    const { samples, events } = await this.#evaluate(errors);
    await this.#shipEvents(events, errors);
    const cpu = this.#cpuUsage(cpuBefore);
    const report: CycleReport = {
      startedAt: now,
      durationMs: performance.now() - wallBefore,
      cpuMs: (cpu.user + cpu.system) / 1000,
      errors,
      samples,
      events: events.length,
    };
    // A failing metrics sink cannot report itself; the cycle's work is done either way.
    await Promise.resolve()
      .then(() => this.#sinks.onCycle(report))
      .catch(() => undefined);
    return report;
  }

  async #takeInventory(errors: ProbeCallError[]): Promise<void> {
    const first = !this.#inventoryTaken;
    this.#inventoryTaken = true;
    const inventory = await attempt(
      'inventory',
      () => (first ? this.#probe.inventory() : this.#probe.refreshInventory()),
      errors,
    );
    if (!inventory) return;
    const { errors: inventoryErrors, ...batch } = inventory;
    errors.push(...inventoryErrors);
    this.#pendingObservations = batch;
  }

  async #shipObservations(errors: ProbeCallError[]): Promise<void> {
    const batch = this.#pendingObservations;
    if (!batch) return;
    const sent = await attempt(
      'onObservations',
      () => this.#sinks.onObservations(batch).then(() => true),
      errors,
    );
    if (sent) this.#pendingObservations = undefined;
  }

  /** Fast probe, plus the latest slow samples, through the rules. */
  async #evaluate(errors: ProbeCallError[]): Promise<{ samples: number; events: NativeEvent[] }> {
    const fast = await attempt('fast', () => this.#probe.fast(), errors);
    if (!fast) return { samples: 0, events: [] };
    errors.push(...fast.errors);
    const snapshot = {
      resource: fast.resource,
      time: fast.time,
      samples: [...fast.samples, ...this.#slowSamples],
    };
    const events = await attempt(
      'evaluate',
      async () => this.#evaluator.evaluate(snapshot, this.#clock.now()),
      errors,
    );
    return { samples: snapshot.samples.length, events: events ?? [] };
  }

  /** Sends new events after any left over from a failed delivery, keeping the newest on failure. */
  async #shipEvents(events: NativeEvent[], errors: ProbeCallError[]): Promise<void> {
    const outgoing = [...this.#pendingEvents, ...events];
    this.#pendingEvents = [];
    if (outgoing.length === 0) return;
    const sent = await attempt('onEvents', () => this.#sinks.onEvents(outgoing).then(() => true), errors);
    if (!sent) this.#pendingEvents = outgoing.slice(-this.#maxPendingEvents);
  }
}
