import type { AlertRecord } from '../model/records.js';
import type { Mute, Muter } from './muter.js';

/**
 * The one suppression mechanism: asks each muter in order (maintenance, silence, inhibition, ...)
 * and returns the first mute, so every suppressed alert has exactly one stated reason.
 */
export class Suppressor {
  readonly #muters: readonly Muter[];

  constructor(muters: readonly Muter[]) {
    this.#muters = muters;
  }

  /** Loads what the muters need for decisions at `now`; called once per batch and per tick. */
  async refresh(now: number): Promise<void> {
    for (const muter of this.#muters) await muter.refresh(now);
  }

  /** Lets muters that track alerts (inhibition) see a batch's alerts before they decide. */
  async observe(alerts: readonly AlertRecord[]): Promise<void> {
    for (const muter of this.#muters) await muter.observe?.(alerts);
  }

  /**
   * The first mute that applies to the alert at `now`, or null. Synchronous unless a muter has to
   * look something up (a maintenance window's CI): it runs for every alert of every batch, and
   * with nothing muted no promise is made.
   */
  decide(alert: AlertRecord, now: number): Mute | null | Promise<Mute | null> {
    return this.#decideFrom(0, alert, now);
  }

  #decideFrom(first: number, alert: AlertRecord, now: number): Mute | null | Promise<Mute | null> {
    for (let i = first; i < this.#muters.length; i++) {
      const mute = this.#muters[i]!.mutes(alert, now);
      if (mute instanceof Promise) return mute.then((m) => m ?? this.#decideFrom(i + 1, alert, now));
      if (mute) return mute;
    }
    return null;
  }
}
