import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { Lease } from './lease.js';
import type { StreamMetrics } from './stream-metrics.js';

/** A scheduled job of the lease holder. */
export interface LeasedJob {
  name: string;
  everyMs: number;
  /**
   * One run. `term` is aborted as soon as this replica is seen to have lost the lease it held when
   * the run started (or the timers stop), so work the job left running in the background can stop
   * and write nothing more.
   */
  run: (term: AbortSignal) => Promise<unknown>;
}

/** What the timer runner is built from. */
export interface LeasedTimersOptions {
  lease: Lease;
  jobs: readonly LeasedJob[];
  clock: Clock;
  /** How often the lease is taken or renewed, ms (a third of the lease time or less). */
  renewEveryMs: number;
  metrics?: StreamMetrics;
  logger?: Logger;
}

/**
 * Runs the timer work of distributed mode (escalation and hold-down, SLA tracking, CMDB
 * staleness, pruning, stream trimming) only on the replica holding the lease. `step` is the whole
 * logic and is driven by the clock in tests; `start` calls it on a short interval. A job starts
 * only while the lease is held by the local clock, and one job at a time, so a replica that lost
 * the lease (stopped, partitioned) starts nothing new; writes a stale holder still had in flight
 * are refused by the store's version checks (docs/redis.md "Timer lease").
 */
export class LeasedTimers {
  readonly #o: LeasedTimersOptions;
  readonly #lastRun = new Map<string, number>();
  #lastRefresh = Number.NEGATIVE_INFINITY;
  readonly #intervals: NodeJS.Timeout[] = [];
  #running: Promise<void> | null = null;
  #renewing: Promise<void> | null = null;
  #held = false;
  /** Aborted when the lease held since it was created is lost; a new one per holding term. */
  #term: AbortController | null = null;
  #termToken: number | null = null;

  constructor(options: LeasedTimersOptions) {
    this.#o = options;
  }

  /** Renews or takes the lease when due, then runs the jobs that are due while it is held. */
  async step(): Promise<void> {
    await this.refreshLease();
    await this.runDueJobs();
  }

  /** Renews the lease (or tries to take it) when `renewEveryMs` passed or it is not held. */
  async refreshLease(): Promise<void> {
    const { lease, clock, metrics, logger } = this.#o;
    if (clock.now() - this.#lastRefresh < this.#o.renewEveryMs && lease.holds()) return;
    try {
      await lease.refresh();
      this.#lastRefresh = clock.now();
    } catch (error) {
      logger?.warn({ err: error }, 'timer lease renewal failed; timers pause until Redis answers');
    }
    const held = lease.holds();
    // A lease lost and taken again within one refresh (a new fencing token) is a new term too.
    if (!held || lease.token !== this.#termToken) this.#endTerm();
    if (held !== this.#held) {
      this.#held = held;
      logger?.info({ fencingToken: lease.token }, held ? 'took the timer lease' : 'lost the timer lease');
    }
    metrics?.leaseHeld.set(held ? 1 : 0);
    if (lease.token !== null) metrics?.leaseToken.set(lease.token);
  }

  /** Runs, one after another, the jobs whose period passed, each only while the lease is held. */
  async runDueJobs(): Promise<void> {
    const { lease, clock, logger } = this.#o;
    for (const job of this.#o.jobs) {
      if (!lease.holds()) return this.#endTerm();
      if (!this.#term) {
        this.#term = new AbortController();
        this.#termToken = lease.token;
      }
      const last = this.#lastRun.get(job.name) ?? Number.NEGATIVE_INFINITY;
      if (clock.now() - last < job.everyMs) continue;
      this.#lastRun.set(job.name, clock.now());
      try {
        await job.run(this.#term.signal);
      } catch (error) {
        logger?.error({ err: error, job: job.name }, 'timer job failed; it runs again at its next time');
      }
    }
  }

  /**
   * Renews the lease and runs jobs every `everyMs`, on two separate loops so a long job never
   * delays a renewal (neither loop overlaps itself).
   */
  start(everyMs = 250): void {
    if (this.#intervals.length > 0) return;
    this.#intervals.push(
      setInterval(() => {
        this.#renewing ??= this.refreshLease().finally(() => {
          this.#renewing = null;
        });
      }, everyMs),
      setInterval(() => {
        this.#running ??= this.runDueJobs().finally(() => {
          this.#running = null;
        });
      }, everyMs),
    );
  }

  /** Stops both loops, waits for what they run, and gives the lease up. */
  async stop(): Promise<void> {
    for (const interval of this.#intervals.splice(0)) clearInterval(interval);
    await this.#running;
    await this.#renewing;
    this.#endTerm();
    await this.#o.lease.release().catch(() => undefined);
    this.#o.metrics?.leaseHeld.set(0);
  }

  #endTerm(): void {
    this.#term?.abort();
    this.#term = null;
  }
}
