import type { NormalisedEvent } from '../model/event.js';
import type { Store } from '../store/contract.js';
import { lastSuppression } from './reasons.js';
import type { Suppressor } from './suppressor.js';

/** What timer work may ask of the pipeline (both run inside its queue, through all stages). */
export interface TimerIo {
  /** Correlates events the timer built (maintenance.started / maintenance.ended). */
  feed(events: NormalisedEvent[]): Promise<void>;
  /** Re-evaluates suppressed alerts without an event. */
  recheck(fingerprints: string[]): Promise<void>;
}

/** Timer work of a muter (maintenance windows start and end on the clock). */
export interface MuterTimer {
  run(now: number, io: TimerIo): Promise<void>;
}

/** Suppressed alerts re-evaluated per page, and pages per tick (the rest waits for the next tick). */
const RECHECK_PAGE = 1000;
const MAX_RECHECK_PAGES = 100;

/**
 * Suppression's part of `Pipeline.tick`: runs the muters' timer work, then hands the suppressed
 * alerts no suppression applies to any more (a silence or window ended, an inhibiting alert
 * recovered) back to the pipeline, where they proceed as if they had just fired, and those whose
 * suppression changed (a held child whose parent went down), which are explained afresh.
 */
export class SuppressionTimer {
  readonly #store: Store;
  readonly #suppressor: Suppressor;
  readonly #timers: readonly MuterTimer[];

  constructor(deps: { store: Store; suppressor: Suppressor; timers?: readonly MuterTimer[] }) {
    this.#store = deps.store;
    this.#suppressor = deps.suppressor;
    this.#timers = deps.timers ?? [];
  }

  async run(now: number, io: TimerIo): Promise<void> {
    await this.#suppressor.refresh(now);
    for (const timer of this.#timers) await timer.run(now, io);
    let cursor: string | undefined;
    for (let round = 0; round < MAX_RECHECK_PAGES; round++) {
      const page = await this.#store.listAlerts({ state: 'suppressed', limit: RECHECK_PAGE, cursor });
      const ended: string[] = [];
      for (const alert of page.items) {
        // Ended, changed (a held child whose parent went down becomes its symptom), or a symptom
        // not yet attached (its parent's incident may exist now).
        const mute = await this.#suppressor.decide(alert, now);
        if (
          !mute ||
          lastSuppression(alert)?.by !== `${mute.kind}:${mute.name}` ||
          (mute.parent !== undefined && alert.incidentId === null)
        ) {
          ended.push(alert.fingerprint);
        }
      }
      if (ended.length > 0) await io.recheck(ended);
      if (!page.next) return;
      cursor = page.next;
    }
  }
}
