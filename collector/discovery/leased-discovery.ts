import type { Clock } from '../../correlator/clock/clock.js';
import type { DiscoveryMetrics } from './discovery-metrics.js';
import type { DiscoveryJob, DiscoveryLog } from './discovery-scheduler.js';
import { runSweep } from './run-sweep.js';
import { dueSlot } from './sweep-slot.js';

/** The last slot taken of a sweep as stored: the raw value (compared on claim) and its time. */
export interface SlotRecord {
  /** The stored value as it is, '' when none was ever taken. */
  raw: string;
  /** The slot time in ms, or null when none was taken or the stored value is not a time. */
  at: number | null;
}

/** Where the replicas share the last slot of each sweep (a Redis hash fenced by the timer lease). */
export interface SweepSlots {
  read(job: string): Promise<SlotRecord>;
  /**
   * Takes `slot` for the job if its record is still `previous` and this replica still holds the
   * timer lease in Redis: `taken`, `moved` (another replica took a slot first) or `not-holder`.
   */
  claim(job: string, previous: string, slot: number): Promise<'taken' | 'moved' | 'not-holder'>;
}

/** What the leased runner is built from. */
export interface LeasedDiscoveryDeps {
  slots: SweepSlots;
  clock: Clock;
  log: DiscoveryLog;
  metrics: DiscoveryMetrics;
}

/**
 * Runs `snmp.discovery` sweeps in `vigil server`, as the timer-lease holder's job (`step` is
 * called by the leased timers, so only the holder sweeps). Each slot is claimed in the shared slot
 * record before its sweep starts, so a replica that takes the lease over neither sweeps a slot
 * again nor loses the schedule. A sweep runs in the background (the other timers go on) with a
 * signal aborted when the lease term ends or the server stops: it stops probing and writes
 * nothing more, and counts as cancelled. A cron schedule never swept is anchored in the record
 * at once, so its first start is the first cron start after that, whichever replica holds then.
 */
export class LeasedDiscovery {
  readonly #jobs: readonly DiscoveryJob[];
  readonly #d: LeasedDiscoveryDeps;
  readonly #running = new Map<string, Promise<void>>();
  readonly #endedAt = new Map<string, number>();
  readonly #shutdown = new AbortController();

  constructor(jobs: readonly DiscoveryJob[], deps: LeasedDiscoveryDeps) {
    this.#jobs = jobs;
    this.#d = deps;
  }

  /** Starts the sweeps that are due and not running here; `term` ends with the lease term. */
  async step(term: AbortSignal): Promise<void> {
    for (const job of this.#jobs) {
      if (term.aborted || this.#shutdown.signal.aborted) return;
      if (this.#running.has(job.name)) continue;
      await this.#consider(job, term);
    }
  }

  /** Whether a sweep of the job runs on this replica now. */
  running(name: string): boolean {
    return this.#running.has(name);
  }

  /** Resolves when every sweep running now has ended (completed, failed or cancelled). */
  async idle(): Promise<void> {
    await Promise.all([...this.#running.values()]);
  }

  /** Cancels the running sweeps (nothing more is written) and waits for them to end. */
  async stop(): Promise<void> {
    this.#shutdown.abort();
    await this.idle();
  }

  async #consider(job: DiscoveryJob, term: AbortSignal): Promise<void> {
    const { slots, clock, log, metrics } = this.#d;
    const record = await slots.read(job.name);
    const now = clock.now();
    if (record.raw !== '' && record.at === null) {
      log.warn(
        { job: job.name, stored: record.raw.slice(0, 40) },
        'the shared last discovery slot is not a time; it is replaced and the schedule starts again',
      );
    }
    if (record.at === null && job.schedule.kind === 'cron') {
      await slots.claim(job.name, record.raw, now);
      return;
    }
    const due =
      record.at === null
        ? { slot: now, skipped: 0 }
        : dueSlot(job.schedule, now, record.at, this.#endedAt.get(job.name) ?? Number.NEGATIVE_INFINITY);
    if (!due || term.aborted) return;
    const claimed = await slots.claim(job.name, record.raw, due.slot);
    if (claimed !== 'taken') return;
    if (due.skipped > 0) {
      metrics.skipped.inc({ job: job.name }, due.skipped);
      log.warn(
        { job: job.name, skipped: due.skipped },
        'discovery sweep starts were skipped (a sweep overran them or no replica held the timer lease); the latest one runs now',
      );
    }
    const signal = AbortSignal.any([term, this.#shutdown.signal]);
    const work = this.#sweep(job, due.slot, signal).finally(() => {
      this.#running.delete(job.name);
      this.#endedAt.set(job.name, clock.now());
    });
    this.#running.set(job.name, work);
  }

  async #sweep(job: DiscoveryJob, slot: number, signal: AbortSignal): Promise<void> {
    await runSweep(job, signal, this.#d, {
      startFields: { slot: new Date(slot).toISOString() },
      cancelledWhy: () =>
        this.#shutdown.signal.aborted ? 'by shutdown' : 'because the timer lease was lost',
      cancelledNote: 'nothing more written, the lease holder runs the next start',
      cancels: (error) => (error as { code?: string } | null)?.code === 'VIGIL_ERR_LEASE_LOST',
    });
  }
}
