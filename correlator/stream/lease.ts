import type { Clock } from '../clock/clock.js';
import type { ScriptFn } from '../store/redis/scripts.js';

/** What a lease is built from. */
export interface LeaseOptions {
  acquire: ScriptFn;
  renew: ScriptFn;
  release: ScriptFn;
  key: string;
  fenceKey: string;
  /** Unique per process (host, pid and a random part). */
  owner: string;
  ttlMs: number;
  clock: Clock;
}

/**
 * The timer lease: at most one replica runs escalation, SLA, staleness and scheduled jobs. Taken
 * with SET NX PX (with the next fencing token in its value), kept with a compare-and-set renewal,
 * given up at shutdown with a compare-and-delete. `holds()` is decided locally and errs on the
 * safe side: the lease counts from before the request that took or renewed it, so a replica
 * that was stopped (SIGSTOP, a long GC pause) past the lease time knows it lost the lease before
 * it asks Redis, and another replica can take over.
 */
export class Lease {
  readonly #o: LeaseOptions;
  #value: string | null = null;
  #token: number | null = null;
  #validUntil = Number.NEGATIVE_INFINITY;

  constructor(options: LeaseOptions) {
    this.#o = options;
  }

  /** Takes the lease if free, or renews it if ours; returns whether this replica holds it now. */
  async refresh(): Promise<boolean> {
    const { key, fenceKey, owner, ttlMs, clock } = this.#o;
    const started = clock.now();
    if (this.#value !== null) {
      const renewed = Number(await this.#o.renew(1, key, this.#value, String(ttlMs)));
      if (renewed === 1) {
        this.#validUntil = started + ttlMs;
        return true;
      }
      this.#lost();
    }
    const token = Number(await this.#o.acquire(2, key, fenceKey, owner, String(ttlMs)));
    if (token > 0) {
      this.#value = `${owner}#${token}`;
      this.#token = token;
      this.#validUntil = started + ttlMs;
      return true;
    }
    return false;
  }

  /** Whether the lease is ours right now, by the local clock (no Redis round trip). */
  holds(): boolean {
    return this.#value !== null && this.#o.clock.now() < this.#validUntil;
  }

  /** The fencing token of the lease held (or last held); each take-over gets a larger one. */
  get token(): number | null {
    return this.#token;
  }

  /**
   * The lease key's value (`owner#token`) while this replica holds or last renewed it, else null:
   * scripts compare it with the key to fence a write on still holding the lease in Redis.
   */
  get value(): string | null {
    return this.#value;
  }

  /** Gives the lease up if it is still ours, so another replica takes over at once. */
  async release(): Promise<void> {
    if (this.#value === null) return;
    const value = this.#value;
    this.#lost();
    await this.#o.release(1, this.#o.key, value);
  }

  #lost(): void {
    this.#value = null;
    this.#validUntil = Number.NEGATIVE_INFINITY;
  }
}
