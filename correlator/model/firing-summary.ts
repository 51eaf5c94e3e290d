import { contentSignature } from './content-signature.js';
import { type AlertRecord, HELD_TRANSIENT } from './records.js';

/**
 * What the refresh path needs to know of a stored alert, without its document: its activity (the
 * fields a refresh changes), what a refresh must find unchanged (state, last state change, content
 * signature), and whether a transient rule holds it. The embedded store
 * keeps one per firing alert (`FiringIndex`), about a tenth of a parsed alert's memory, so a
 * Prometheus resend of any of 100,000 open alerts is decided and written without reading or
 * parsing its document. A snapshot: the store's copy changes as refreshes commit.
 */
export interface FiringSummary {
  readonly fingerprint: string;
  readonly state: AlertRecord['state'];
  readonly version: number;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly expiresAt: number | null;
  readonly stateChangedAt: number;
  readonly incidentId: string | null;
  /** `contentSignature` of the alert's severity, summary, identity and labels. */
  readonly signature: number;
  /** Its newest reason other than dedup's is `held_transient`: it waits out a transient rule. */
  readonly heldTransient: boolean;
}

/** The summary of `alert` as stored (pass the record with the version the store holds). */
export function summarise(alert: AlertRecord): FiringSummary {
  return {
    fingerprint: alert.fingerprint,
    state: alert.state,
    version: alert.version,
    count: alert.count,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    expiresAt: alert.expiresAt ?? null,
    stateChangedAt: alert.stateChangedAt,
    incidentId: alert.incidentId,
    signature: contentSignature(alert),
    heldTransient: alert.reasons.findLast((r) => r.by !== 'dedup')?.reason === HELD_TRANSIENT,
  };
}
