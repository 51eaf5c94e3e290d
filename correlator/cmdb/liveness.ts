import type { Clock } from '../clock/clock.js';
import type { CiClass } from '../model/itil.js';

/** One monitored CI's heartbeat. */
interface Heartbeat {
  ciClass: CiClass;
  lastReport: number;
  staleAfterMs: number;
  up: boolean;
}

/**
 * Which monitored CIs are up: probes report each cycle (`report`), and a CI whose reports stop
 * for longer than its stale period counts as down. Feeds `vigil_ci_up`; time comes from the clock.
 */
export class Liveness {
  readonly #beats = new Map<string, Heartbeat>();
  constructor(readonly clock: Clock) {}

  /** Records that `name` was probed now, reachable (`up`) or not, expected again within `staleAfterMs`. */
  report(name: string, ciClass: CiClass, up: boolean, staleAfterMs: number): void {
    this.#beats.set(name, { ciClass, lastReport: this.clock.now(), staleAfterMs, up });
  }

  /** Current up/down state of every known CI. */
  snapshot(): Array<{ name: string; ciClass: CiClass; up: boolean }> {
    const now = this.clock.now();
    return [...this.#beats].map(([name, b]) => ({
      name,
      ciClass: b.ciClass,
      up: b.up && now - b.lastReport <= b.staleAfterMs,
    }));
  }
}
