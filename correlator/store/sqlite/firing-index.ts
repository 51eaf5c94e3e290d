import { type FiringSummary, summarise } from '../../model/firing-summary.js';
import type { AlertRecord } from '../../model/records.js';
import type { ActivityRefresh } from '../contract.js';
import type { StoredActivity } from './activity-journal.js';

/** Numbers kept per alert, in this order: version, count, firstSeen, lastSeen, expiresAt (NaN: null), stateChangedAt, signature. */
const STRIDE = 7;
/** Bit of `#flags`: the alert waits out a transient rule (`FiringSummary.heldTransient`). */
const HELD_TRANSIENT_FLAG = 1;

/**
 * A summary as the index gave it, remembering where it came from: its slot, and how many changes
 * the index had seen then. Both are private fields, invisible to the rest of the code (and to
 * deep equality): only the index uses them, to skip looking an alert up again.
 */
class IndexedSummary implements FiringSummary {
  readonly state = 'firing' as const;
  readonly #slot: number;
  readonly #seen: number;

  constructor(
    readonly fingerprint: string,
    readonly version: number,
    readonly count: number,
    readonly firstSeen: number,
    readonly lastSeen: number,
    readonly expiresAt: number | null,
    readonly stateChangedAt: number,
    readonly incidentId: string | null,
    readonly signature: number,
    readonly heldTransient: boolean,
    slot: number,
    seen: number,
  ) {
    this.#slot = slot;
    this.#seen = seen;
  }

  /** Whether the index changed nothing since it made this summary. */
  unchangedSince(changes: number): boolean {
    return this.#seen === changes;
  }

  get slot(): number {
    return this.#slot;
  }
}

/**
 * The embedded store's summaries of its firing alerts by fingerprint (`FiringSummary`), so that
 * the refresh path decides and writes a repeat without the alert's document: with more open alerts
 * than the read cache holds, Prometheus' resend cycle through all of them made nearly every repeat
 * read and parse its document from the file (78 % of reads in `bench:correlate`).
 *
 * Kept exact, like the read cache, because the store is the only writer of its file: every commit
 * of an alert replaces its summary (removes it once the alert stops firing) and a committed refresh
 * updates its activity. It fills as alerts are committed or first read; past `capacity` alerts new
 * ones are not added, and their repeats take the pipeline's full path (correct, only slower).
 *
 * Stored column-wise in typed arrays, one slot per alert (about 0.13 KB with the map entry), not as
 * an object per alert: timestamps do not fit V8's small integers, so each would be a boxed number,
 * and objects made 0.37 KB of heap per open alert in `bench:correlate`. `get` makes the object.
 */
export class FiringIndex {
  readonly #slots = new Map<string, number>();
  readonly #free: number[] = [];
  #numbers = new Float64Array(STRIDE * 1024);
  #flags = new Uint8Array(1024);
  #incidents: Array<string | null> = [];
  /** The alert in each slot (undefined once freed). */
  #fingerprints: Array<string | undefined> = [];
  /** How many times an alert was noted, refreshed or deleted (`current`). */
  #changes = 0;

  constructor(readonly capacity: number) {}

  get(fingerprint: string): FiringSummary | undefined {
    const slot = this.#slots.get(fingerprint);
    if (slot === undefined) return undefined;
    const n = this.#numbers;
    const at = slot * STRIDE;
    const expiresAt = n[at + 4]!;
    return new IndexedSummary(
      fingerprint,
      n[at]!,
      n[at + 1]!,
      n[at + 2]!,
      n[at + 3]!,
      Number.isNaN(expiresAt) ? null : expiresAt,
      n[at + 5]!,
      this.#incidents[slot]!,
      n[at + 6]!,
      (this.#flags[slot]! & HELD_TRANSIENT_FLAG) !== 0,
      slot,
      this.#changes,
    );
  }

  /**
   * The summary of `fingerprint` as `get` gives it now: `earlier` itself when this index made it
   * and changed nothing since (a refresh committed in the batch it was read for, the usual case),
   * without looking the alert up again; else a fresh `get`.
   */
  current(fingerprint: string, earlier: FiringSummary | undefined): FiringSummary | undefined {
    if (earlier instanceof IndexedSummary && earlier.unchangedSince(this.#changes)) return earlier;
    return this.get(fingerprint);
  }

  /**
   * Records `alert` as stored (its version the stored one): its summary while it fires, none
   * otherwise. Returns the summary, or undefined when the alert does not fire or the index is full.
   */
  note(alert: AlertRecord): FiringSummary | undefined {
    this.#changes++;
    if (alert.state !== 'firing') {
      this.delete(alert.fingerprint);
      return undefined;
    }
    let slot = this.#slots.get(alert.fingerprint);
    if (slot === undefined) {
      if (this.#slots.size >= this.capacity) return undefined;
      slot = this.#take();
      this.#slots.set(alert.fingerprint, slot);
      this.#fingerprints[slot] = alert.fingerprint;
    }
    const summary = summarise(alert);
    const n = this.#numbers;
    const at = slot * STRIDE;
    n[at] = summary.version;
    n[at + 1] = summary.count;
    n[at + 2] = summary.firstSeen;
    n[at + 3] = summary.lastSeen;
    n[at + 4] = summary.expiresAt ?? Number.NaN;
    n[at + 5] = summary.stateChangedAt;
    n[at + 6] = summary.signature;
    this.#flags[slot] = summary.heldTransient ? HELD_TRANSIENT_FLAG : 0;
    this.#incidents[slot] = summary.incidentId;
    return summary;
  }

  /**
   * Applies a committed refresh: the alert's new activity and version. `basis` is the summary the
   * commit checked it against (`current`); its slot spares a lookup while it still holds the alert.
   */
  refreshed(activity: ActivityRefresh, basis?: StoredActivity): void {
    this.#changes++;
    const slot =
      basis instanceof IndexedSummary && this.#fingerprints[basis.slot] === activity.fingerprint
        ? basis.slot
        : this.#slots.get(activity.fingerprint);
    if (slot === undefined) return;
    const n = this.#numbers;
    const at = slot * STRIDE;
    n[at] = activity.version + 1;
    n[at + 1] = activity.count;
    n[at + 2] = activity.firstSeen;
    n[at + 3] = activity.lastSeen;
    n[at + 4] = activity.expiresAt ?? Number.NaN;
  }

  /** Forgets an alert (it stopped firing, or a commit failed and what is stored is not known). */
  delete(fingerprint: string): void {
    this.#changes++;
    const slot = this.#slots.get(fingerprint);
    if (slot === undefined) return;
    this.#slots.delete(fingerprint);
    this.#incidents[slot] = null;
    this.#fingerprints[slot] = undefined;
    this.#free.push(slot);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** A free slot, growing the columns when all are used. */
  #take(): number {
    const free = this.#free.pop();
    if (free !== undefined) return free;
    const slot = this.#slots.size;
    if (slot >= this.#flags.length) {
      const numbers = new Float64Array(this.#numbers.length * 2);
      numbers.set(this.#numbers);
      this.#numbers = numbers;
      const flags = new Uint8Array(this.#flags.length * 2);
      flags.set(this.#flags);
      this.#flags = flags;
    }
    return slot;
  }
}
