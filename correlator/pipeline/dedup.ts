import type { NormalisedEvent } from '../model/event.js';
import type { AlertRecord, Reason } from '../model/records.js';

/** Why the dedup stage did what it did with one event (named like Alertmanager's dedup reasons). */
export type DedupDecision = 'first_seen' | 'repeat' | 'fired' | 'resolved' | 'out_of_order';

/** The outcome of deduplicating one event against the alert it belongs to. */
export interface DedupResult {
  decision: DedupDecision;
  alert: AlertRecord;
  /** The alert's state before this event (`null` for a first sighting). */
  previousState: AlertRecord['state'] | null;
  /** The alert's severity before this event (`null` for a first sighting). */
  previousSeverity: AlertRecord['severity'] | null;
  /** When the alert's state changed before this event (absent for a first sighting). */
  previousChangedAt?: number;
}

/** How many reasons an alert keeps; older ones fall off so an alert's size stays bounded. */
export const MAX_REASONS = 10;

/** Appends a reason, keeping the newest `MAX_REASONS`. */
export function withReason(reasons: Reason[], reason: Reason): Reason[] {
  const next =
    reasons.length >= MAX_REASONS ? reasons.slice(reasons.length - MAX_REASONS + 1) : reasons.slice();
  next.push(reason);
  return next;
}

/**
 * Folds one event into its alert: one alert per fingerprint with occurrence count, first and last
 * seen, and state. An event older than the alert's last state change counts as an occurrence but
 * cannot flip the state back (a delayed "firing" must not undo a newer "resolved"). Pure.
 */
export function dedup(previous: AlertRecord | undefined, event: NormalisedEvent): DedupResult {
  if (!previous) {
    const decision: DedupDecision = 'first_seen';
    return {
      decision,
      previousState: null,
      previousSeverity: null,
      alert: {
        fingerprint: event.fingerprint,
        state: event.status,
        severity: event.severity,
        source: event.source,
        resource: event.resource,
        check: event.check,
        labels: event.labels,
        summary: event.summary,
        count: 1,
        firstSeen: event.time,
        lastSeen: event.time,
        stateChangedAt: event.time,
        incidentId: null,
        ...(event.expiresAt == null || event.status !== 'firing' ? {} : { expiresAt: event.expiresAt }),
        reasons: [
          { at: event.receivedAt, by: 'dedup', reason: decision, detail: `first ${event.status} event` },
        ],
        version: 0,
      },
    };
  }
  const newer = event.time >= previous.stateChangedAt;
  const alert: AlertRecord = {
    ...previous,
    count: previous.count + 1,
    lastSeen: Math.max(previous.lastSeen, event.time),
    firstSeen: Math.min(previous.firstSeen, event.time),
  };
  const currentlyFiring = previous.state !== 'resolved';
  const eventFiring = event.status === 'firing';
  if (!newer && currentlyFiring !== eventFiring) {
    alert.reasons = withReason(previous.reasons, {
      at: event.receivedAt,
      by: 'dedup',
      reason: 'out_of_order',
      detail: `${event.status} event from ${new Date(event.time).toISOString()} is older than the last state change`,
    });
    return {
      decision: 'out_of_order',
      alert,
      previousState: previous.state,
      previousSeverity: previous.severity,
    };
  }
  if (newer) {
    alert.severity = event.severity;
    alert.summary = event.summary;
    alert.labels = event.labels;
    // A newer event sets the expiry (a Prometheus refresh moves it on; any other event clears it).
    const expiresAt = event.status === 'firing' ? (event.expiresAt ?? null) : null;
    if (expiresAt !== null || (previous.expiresAt ?? null) !== null) alert.expiresAt = expiresAt;
  }
  if (currentlyFiring === eventFiring) {
    return { decision: 'repeat', alert, previousState: previous.state, previousSeverity: previous.severity };
  }
  const decision: DedupDecision = eventFiring ? 'fired' : 'resolved';
  alert.state = event.status;
  alert.stateChangedAt = event.time;
  alert.reasons = withReason(previous.reasons, { at: event.receivedAt, by: 'dedup', reason: decision });
  return {
    decision,
    alert,
    previousState: previous.state,
    previousSeverity: previous.severity,
    previousChangedAt: previous.stateChangedAt,
  };
}
