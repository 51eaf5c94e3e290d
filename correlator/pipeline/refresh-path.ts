import type { CorrelationRules } from '../../rules/correlation-types.js';
import { contentSignature } from '../model/content-signature.js';
import type { NormalisedEvent } from '../model/event.js';
import type { FiringSummary } from '../model/firing-summary.js';
import type { AlertRecord } from '../model/records.js';
import type { ActivityRefresh, Store } from '../store/contract.js';
import type { Suppressor } from '../suppression/suppressor.js';
import type { Batch, EventReceipt } from './batch.js';
import { normaliseEvent } from './normalise-stage.js';

/** A store that reads synchronously (the embedded store: memory, else its file). */
export interface SyncAlertReader {
  /** The summary of a firing alert (firing-summary.ts); undefined when unknown or not firing. */
  readFiringNow(fingerprint: string): FiringSummary | undefined;
  /** Whether a sender-chosen event id is already stored (the event is a retry). */
  knowsEventIdNow(id: string): boolean;
}

/** Whether `store` offers `readFiringNow`, which the refresh path needs. */
export function readsAlertsNow(store: Store): store is Store & SyncAlertReader {
  return typeof (store as Partial<SyncAlertReader>).readFiringNow === 'function';
}

/**
 * Whether `event` only refreshes the alert `summary` describes: a repeat of a firing alert, newer
 * than its last state change, with the same severity, summary, identity and labels (the content
 * signature). (Whether its client id, if any, makes it a retry is the caller's question:
 * `takeRefreshes` asks the store.) Such an event changes the alert's count, last seen and expiry
 * and nothing else: every stage after dedup would pass it by (no state change, no severity change,
 * not waiting out a transient rule, not muted). Flapping history does not matter: a repeat can
 * only prune it, which the full path does in memory and never writes (a document whose only
 * change is that is not rewritten), and the next state change prunes it the same. `muted` says whether
 * suppression would mute the alert now (a silence or window that started since it fired); a muted
 * alert takes the full path, and so does one waiting out a transient rule while any is loaded.
 */
export function isRefresh(
  event: NormalisedEvent,
  summary: FiringSummary | undefined,
  rules: CorrelationRules,
  muted: () => boolean,
): summary is FiringSummary {
  if (summary === undefined || summary.state !== 'firing' || event.status !== 'firing') return false;
  if (event.time < summary.stateChangedAt) return false;
  if (contentSignature(event) !== summary.signature) return false;
  if (summary.heldTransient && rules.transient.length > 0) return false;
  return !muted();
}

/**
 * The alert a refresh would leave, as suppression sees it: the event's content (the same as the
 * stored alert's, or it would not be a refresh) with the summary's state and activity.
 */
function refreshedAlert(event: NormalisedEvent, summary: FiringSummary): AlertRecord {
  return {
    fingerprint: summary.fingerprint,
    state: 'firing',
    severity: event.severity,
    source: event.source,
    resource: event.resource,
    check: event.check,
    labels: event.labels,
    summary: event.summary,
    count: summary.count,
    firstSeen: summary.firstSeen,
    lastSeen: summary.lastSeen,
    stateChangedAt: summary.stateChangedAt,
    incidentId: summary.incidentId,
    expiresAt: summary.expiresAt,
    reasons: [],
    version: summary.version,
  };
}

/**
 * The refresh path: takes the batch's pure refreshes (`isRefresh`) out before the stages run.
 * Their activity is folded here, as the dedup stage would fold a repeat (one more occurrence, last
 * and first seen, the event's expiry), and rides along in the batch's one commit as
 * `UnitOfWork.refreshes` (`batch.refreshed`); the other events go through every stage as usual.
 * Events of an alert that has any non-refresh event in the batch all take the full path, so one
 * alert's events are never split across the two paths. A Prometheus resend, the bulk of what a
 * Prometheus sends, then costs a parse, a map lookup, a hash and a journal entry, and never reads
 * the alert's document. Returns nothing when the store cannot read synchronously (the Redis store)
 * and leaves the batch to the stages.
 */
export async function takeRefreshes(
  batch: Batch,
  deps: { store: Store; rules: CorrelationRules; suppressor?: Suppressor },
): Promise<void> {
  const { store, rules, suppressor } = deps;
  if (!readsAlertsNow(store) || batch.input.length === 0) return;
  const events = batch.input.map((event, i) => normaliseEvent(event, batch.now, i));
  if (suppressor) await suppressor.refresh(batch.now);
  const fullPath = new Set<string>();
  // Mute decisions that need I/O (the alert's CI, for topology or a maintenance window) are
  // awaited together below: topology's default 30 s wait makes that every decision, and answering
  // "muted" until known sent every repeat of `vigil run` down the full path.
  const pendingMutes: Array<Promise<void>> = [];
  const mutedNow = (event: NormalisedEvent, summary: FiringSummary) => {
    if (!suppressor) return false;
    const decision = suppressor.decide(refreshedAlert(event, summary), batch.now);
    if (!(decision instanceof Promise)) return decision !== null;
    const fp = event.fingerprint;
    pendingMutes.push(
      decision.then(
        (mute) => {
          if (mute !== null) fullPath.add(fp);
        },
        // A failed lookup is for the suppression stage to meet (and report).
        () => {
          fullPath.add(fp);
        },
      ),
    );
    return false;
  };
  // A retry (its client id stored, or repeated in this batch) is for the dedup stage to recognise.
  const idsInBatch = new Map<string, number>();
  for (const event of events) {
    if (event.clientId) idsInBatch.set(event.id, (idsInBatch.get(event.id) ?? 0) + 1);
  }
  const retry = (event: NormalisedEvent) =>
    event.clientId && (idsInBatch.get(event.id)! > 1 || store.knowsEventIdNow(event.id));
  const stored = events.map((event) => {
    const summary = store.readFiringNow(event.fingerprint);
    if (!isRefresh(event, summary, rules, () => mutedNow(event, summary!)) || retry(event))
      fullPath.add(event.fingerprint);
    return summary;
  });
  if (pendingMutes.length > 0) await Promise.all(pendingMutes);
  const refreshed: NormalisedEvent[] = [];
  const activity = new Map<string, ActivityRefresh>();
  const receipts: Array<[number, EventReceipt]> = [];
  const restInput: Batch['input'] = [];
  const restEvents: NormalisedEvent[] = [];
  const restIndex: number[] = [];
  events.forEach((event, i) => {
    const fp = event.fingerprint;
    if (fullPath.has(fp)) {
      restInput.push(batch.input[i]!);
      restEvents.push(event);
      restIndex.push(i);
      return;
    }
    const summary = stored[i]!;
    const previous = activity.get(fp) ?? summary;
    activity.set(fp, {
      fingerprint: fp,
      count: previous.count + 1,
      firstSeen: Math.min(previous.firstSeen, event.time),
      lastSeen: Math.max(previous.lastSeen, event.time),
      expiresAt: event.expiresAt ?? null,
      version: summary.version,
      basis: summary,
    });
    refreshed.push(event);
    receipts.push([
      i,
      {
        id: event.id,
        fingerprint: fp,
        status: 'accepted',
        decision: 'repeat',
        incidentId: summary.incidentId,
      },
    ]);
  });
  if (refreshed.length === 0) {
    batch.events = events;
    return;
  }
  batch.refreshed = { events: refreshed, activity, receipts, restIndex, total: events.length };
  batch.input = restInput;
  batch.events = restEvents;
}

/**
 * The receipts of the whole batch in input order: the refresh path's and the stages' (which are
 * indexed by the events left to the stages). Returns the stages' receipts when nothing was refreshed.
 */
export function allReceipts(batch: Batch): EventReceipt[] {
  const refreshed = batch.refreshed;
  if (!refreshed) return batch.receipts;
  const receipts = new Array<EventReceipt>(refreshed.total);
  for (const [i, receipt] of refreshed.receipts) receipts[i] = receipt;
  batch.receipts.forEach((receipt, j) => {
    receipts[refreshed.restIndex[j]!] = receipt;
  });
  return receipts;
}
