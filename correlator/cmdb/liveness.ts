import type { Clock } from '../clock/clock.js';
import type { CiClass } from '../model/itil.js';

/**
 * What a liveness report is about: the CI's name (the `vigil_ci_up` label) and class, and, where a
 * collector knows a surer handle than the name (an SNMP target's management address), the
 * identifier that finds its CI. Reports with the same `key` (else identifier, else name) are one
 * subject, so a target whose name changes (an SSH target named by its inventory) stays one.
 */
export interface LivenessSubject {
  name: string;
  ciClass: CiClass;
  identifier?: { kind: string; value: string };
  /** A stable handle of the subject when neither name nor identifier is (`ssh:HOST:PORT`). */
  key?: string;
}

/** How a poller's results turn into up and down. */
export interface PollPolicy {
  /** When the poll ran (its start): a CI that goes down is down from its first failed poll. */
  at: number;
  /** Reports older than this make an up CI down (the poller stopped). */
  staleAfterMs: number;
  /** Consecutive failed polls that make an up (or not yet known) CI down; at least 1. */
  downAfterFailures: number;
}

/** One change of a subject's state, at the moment it happened. */
export interface LivenessTransition extends LivenessSubject {
  up: boolean;
  at: number;
}

interface Beat {
  subject: LivenessSubject;
  lastReport: number;
  staleAfterMs: number;
  /** null until the first good poll or enough failed ones. */
  up: boolean | null;
  since: number;
  failures: number;
  firstFailureAt: number;
  pending: LivenessTransition[];
}

/** Transitions kept per subject between two drains (a flapping CI keeps its latest ones). */
const MAX_PENDING = 64;

/**
 * Which monitored CIs are up. Pollers report each poll (`poll`: host probe, SNMP, SSH); a CI goes
 * down after `downAfterFailures` consecutive failed polls, dated back to the first of them, comes
 * back up at the next good poll, and goes down when its reports stop for longer than its stale
 * period. Feeds `vigil_ci_up` (`snapshot`) and the outage tracker (`drainTransitions`, every
 * change with its exact time). Time comes from the reports and the injected clock.
 */
export class Liveness {
  readonly #beats = new Map<string, Beat>();
  constructor(readonly clock: Clock) {}

  /** One report decides: `up` or not, now, expected again within `staleAfterMs`. */
  report(name: string, ciClass: CiClass, up: boolean, staleAfterMs: number): void {
    this.poll({ name, ciClass }, up, { at: this.clock.now(), staleAfterMs, downAfterFailures: 1 });
  }

  /** Records one poll of `subject`: `ok` when it answered (see `PollPolicy`). */
  poll(subject: LivenessSubject, ok: boolean, policy: PollPolicy): void {
    const key = keyOf(subject);
    const beat =
      this.#beats.get(key) ??
      ({
        subject,
        lastReport: policy.at,
        staleAfterMs: 0,
        up: null,
        since: policy.at,
        failures: 0,
        firstFailureAt: 0,
        pending: [],
      } as Beat);
    this.#beats.set(key, beat);
    beat.subject = subject;
    beat.staleAfterMs = policy.staleAfterMs;
    // A poll that ran while the subject was already counted stale still dates from when it ran.
    this.#settle(beat, Math.max(policy.at, beat.lastReport));
    beat.lastReport = Math.max(beat.lastReport, policy.at);
    if (ok) {
      beat.failures = 0;
      if (beat.up !== true) this.#change(beat, true, policy.at);
      return;
    }
    if (beat.failures === 0) beat.firstFailureAt = policy.at;
    beat.failures++;
    if (beat.up !== false && beat.failures >= Math.max(1, policy.downAfterFailures))
      this.#change(beat, false, beat.firstFailureAt);
  }

  /** Current state of every subject whose state is known, with when it began. */
  snapshot(): Array<LivenessSubject & { up: boolean; since: number }> {
    const now = this.clock.now();
    const out: Array<LivenessSubject & { up: boolean; since: number }> = [];
    for (const beat of this.#beats.values()) {
      this.#settle(beat, now);
      if (beat.up !== null) out.push({ ...beat.subject, up: beat.up, since: beat.since });
    }
    return out;
  }

  /** Every state change since the last drain, oldest first. */
  drainTransitions(): LivenessTransition[] {
    const now = this.clock.now();
    const out: LivenessTransition[] = [];
    for (const beat of this.#beats.values()) {
      this.#settle(beat, now);
      out.push(...beat.pending);
      beat.pending = [];
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** An up subject whose reports stopped is down from when they were due. */
  #settle(beat: Beat, now: number): void {
    if (beat.up === true && now - beat.lastReport > beat.staleAfterMs)
      this.#change(beat, false, beat.lastReport + beat.staleAfterMs);
  }

  #change(beat: Beat, up: boolean, at: number): void {
    beat.up = up;
    beat.since = at;
    beat.pending.push({ ...beat.subject, up, at });
    if (beat.pending.length > MAX_PENDING) beat.pending.shift();
  }
}

function keyOf(subject: LivenessSubject): string {
  const handle =
    subject.key !== undefined
      ? `key=${subject.key}`
      : subject.identifier
        ? `${subject.identifier.kind}=${subject.identifier.value}`
        : `name=${subject.name}`;
  return `${subject.ciClass}\u0000${handle}`;
}
