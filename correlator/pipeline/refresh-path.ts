import type { CorrelationRules } from '../../rules/correlation-types.js';
import { heldBy } from '../correlation/transient-flapping.js';
import type { NormalisedEvent } from '../model/event.js';
import { sameLabels } from '../model/labels.js';
import type { AlertRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import type { Suppressor } from '../suppression/suppressor.js';
import type { Batch, EventReceipt } from './batch.js';
import { dedup } from './dedup.js';
import { normaliseEvent } from './normalise-stage.js';

/** A store that reads synchronously (the embedded store: read cache, else its file). */
export interface SyncAlertReader {
  readAlertNow(fingerprint: string): AlertRecord | undefined;
  /** Whether a sender-chosen event id is already stored (the event is a retry). */
  knowsEventIdNow(id: string): boolean;
}

/** Whether `store` offers `readAlertNow`, which the refresh path needs. */
export function readsAlertsNow(store: Store): store is Store & SyncAlertReader {
  return typeof (store as Partial<SyncAlertReader>).readAlertNow === 'function';
}

/**
 * Whether `event` only refreshes `alert`: a repeat of a firing alert, newer than its last state
 * change, with the same severity, summary, identity and labels. (Whether its client id, if any,
 * makes it a retry is the caller's question: `takeRefreshes` asks the store.) Such an event changes the alert's count, last seen and expiry and nothing else: every stage
 * after dedup would pass it by (no state change, no severity change, not waiting out a transient
 * rule, no flapping history to prune, not muted). `muted` says whether suppression would mute the
 * alert now (a silence or window that started since it fired); a muted alert takes the full path.
 */
export function isRefresh(
  event: NormalisedEvent,
  alert: AlertRecord | undefined,
  rules: CorrelationRules,
  muted: (alert: AlertRecord) => boolean,
): alert is AlertRecord {
  if (alert === undefined || alert.state !== 'firing' || event.status !== 'firing') return false;
  if (event.time < alert.stateChangedAt) return false;
  if (
    event.severity !== alert.severity ||
    event.summary !== alert.summary ||
    event.source !== alert.source ||
    event.resource !== alert.resource ||
    event.check !== alert.check ||
    !sameLabels(event.labels, alert.labels)
  ) {
    return false;
  }
  if (heldBy(rules.transient, alert) !== null) return false;
  if (rules.flapping.length > 0 && (alert.stateChanges?.length ?? 0) > 0) return false;
  return !muted(alert);
}

/**
 * The refresh path: takes the batch's pure refreshes (`isRefresh`) out before the stages run.
 * They are folded into their alerts here (by `dedup`, as the dedup stage would) and ride along in
 * the batch's one commit (`batch.refreshed`); the other events go through every stage as usual.
 * Events of an alert that has any non-refresh event in the batch all take the full path, so one
 * alert's events are never split across the two paths. A Prometheus resend, the bulk of what a
 * Prometheus sends, then costs a parse, a map lookup and a journal entry. Returns nothing when
 * the store cannot read alerts synchronously (the Redis store) and leaves the batch to the stages.
 */
export async function takeRefreshes(
  batch: Batch,
  deps: { store: Store; rules: CorrelationRules; suppressor?: Suppressor },
): Promise<void> {
  const { store, rules, suppressor } = deps;
  if (!readsAlertsNow(store) || batch.input.length === 0) return;
  const events = batch.input.map((event, i) => normaliseEvent(event, batch.now, i));
  if (suppressor) await suppressor.refresh(batch.now);
  const muted = (alert: AlertRecord) => {
    if (!suppressor) return false;
    const decision = suppressor.decide(alert, batch.now);
    if (!(decision instanceof Promise)) return decision !== null;
    // A decision that needs I/O (a maintenance window's CI) is left to the suppression stage.
    decision.catch(() => {});
    return true;
  };
  // A retry (its client id stored, or repeated in this batch) is for the dedup stage to recognise.
  const idsInBatch = new Map<string, number>();
  for (const event of events) {
    if (event.clientId) idsInBatch.set(event.id, (idsInBatch.get(event.id) ?? 0) + 1);
  }
  const retry = (event: NormalisedEvent) =>
    event.clientId && (idsInBatch.get(event.id)! > 1 || store.knowsEventIdNow(event.id));
  const fullPath = new Set<string>();
  const stored = events.map((event) => {
    const alert = store.readAlertNow(event.fingerprint);
    if (!isRefresh(event, alert, rules, muted) || retry(event)) fullPath.add(event.fingerprint);
    return alert;
  });
  const refreshed: NormalisedEvent[] = [];
  const alerts = new Map<string, AlertRecord>();
  const receipts: Array<[number, EventReceipt]> = [];
  const restInput: Batch['input'] = [];
  const restEvents: NormalisedEvent[] = [];
  const restIndex: number[] = [];
  events.forEach((event, i) => {
    if (fullPath.has(event.fingerprint)) {
      restInput.push(batch.input[i]!);
      restEvents.push(event);
      restIndex.push(i);
      return;
    }
    const fp = event.fingerprint;
    const { alert } = dedup(alerts.get(fp) ?? stored[i], event);
    alerts.set(fp, alert);
    refreshed.push(event);
    receipts.push([
      i,
      { id: event.id, fingerprint: fp, status: 'accepted', decision: 'repeat', incidentId: alert.incidentId },
    ]);
  });
  if (refreshed.length === 0) {
    batch.events = events;
    return;
  }
  batch.refreshed = { events: refreshed, alerts, receipts, restIndex, total: events.length };
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
