import { systemTimers, type Timers } from '../../agent/timers.js';
import { type Clock, systemClock } from '../../correlator/clock/clock.js';
import type { DiscoveryMetrics } from './discovery-metrics.js';
import { type DiscoverySchedule, nextSweepAt } from './discovery-schedule.js';
import { runSweep } from './run-sweep.js';

/** What one sweep achieved, for the summary log line and the metrics. */
export interface SweepSummary {
  probed: number;
  found: number;
  silent: number;
  failed: number;
  links: number;
  created: number;
  updated: number;
}

/** One scheduled sweep: a name (metric label), when it runs, and the work of one run. */
export interface DiscoveryJob {
  readonly name: string;
  readonly schedule: DiscoverySchedule;
  /** Runs one sweep; aborting `signal` asks it to stop early and write nothing. */
  sweep(signal: AbortSignal): Promise<SweepSummary>;
}

/** The log calls the scheduler makes (a pino logger fits). */
export interface DiscoveryLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Node refuses timers longer than this (about 24.8 days); longer waits are taken in steps. */
export const MAX_TIMER_MS = 2_147_483_647;

interface JobState {
  timer?: unknown;
  lastStart: number | null;
  running: Promise<void> | null;
}

/**
 * Runs discovery sweeps on their schedules (`snmp.discovery` in `vigil run`) with an injected
 * clock and timers. A job never overlaps itself: its next start is armed only when its sweep has
 * ended, and starts it overran are skipped (logged and counted), not run in a burst. Every sweep
 * is logged when it starts and ends and lands in the metrics; a failing sweep is retried at its
 * next start.
 */
export class DiscoveryScheduler {
  readonly #jobs: readonly DiscoveryJob[];
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #log: DiscoveryLog;
  readonly #metrics: DiscoveryMetrics;
  readonly #state = new Map<DiscoveryJob, JobState>();
  readonly #abort = new AbortController();
  #started = false;

  constructor(
    jobs: readonly DiscoveryJob[],
    deps: { log: DiscoveryLog; metrics: DiscoveryMetrics; clock?: Clock; timers?: Timers },
  ) {
    this.#jobs = jobs;
    this.#clock = deps.clock ?? systemClock;
    this.#timers = deps.timers ?? systemTimers;
    this.#log = deps.log;
    this.#metrics = deps.metrics;
  }

  /** Arms every job: `every` jobs sweep at once, `cron` jobs at their next start. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const job of this.#jobs) {
      this.#state.set(job, { lastStart: null, running: null });
      this.#arm(job);
    }
  }

  /** Whether a sweep of the job is running now. */
  running(name: string): boolean {
    return [...this.#state.entries()].some(([job, s]) => job.name === name && s.running !== null);
  }

  #arm(job: DiscoveryJob): void {
    const state = this.#state.get(job)!;
    const now = this.#clock.now();
    const { at, skipped } = nextSweepAt(job.schedule, now, state.lastStart);
    if (skipped > 0) {
      this.#metrics.skipped.inc({ job: job.name }, skipped);
      this.#log.warn(
        { job: job.name, skipped },
        'discovery sweep took longer than its period; the starts it overran were skipped (consider a longer every or a smaller range)',
      );
    }
    this.#wait(job, at);
  }

  #wait(job: DiscoveryJob, at: number): void {
    const state = this.#state.get(job)!;
    const delay = Math.max(0, at - this.#clock.now());
    state.timer = this.#timers.setTimeout(
      () => {
        if (!this.#started) return;
        if (this.#clock.now() < at) return this.#wait(job, at);
        return this.#run(job);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  }

  async #run(job: DiscoveryJob): Promise<void> {
    const state = this.#state.get(job)!;
    state.lastStart = this.#clock.now();
    const work = runSweep(
      job,
      this.#abort.signal,
      { clock: this.#clock, log: this.#log, metrics: this.#metrics },
      { cancelledWhy: () => 'by shutdown' },
    ).then(() => undefined);
    state.running = work;
    await work;
    state.running = null;
    if (this.#started) this.#arm(job);
  }

  /** Disarms every job and cancels running sweeps; resolves when they have ended. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#abort.abort();
    for (const state of this.#state.values()) {
      if (state.timer !== undefined) this.#timers.clearTimeout(state.timer);
    }
    await Promise.all([...this.#state.values()].map((s) => s.running));
  }
}
