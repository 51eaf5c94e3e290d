import type { AlertRecord, Reason, TimelineEntry } from '../model/records.js';
import type { Store } from '../store/contract.js';

/** Timeline actions that explain an alert through its incident (escalated, notified, notify_failed). */
const EXPLAINING = new Set(['escalated', 'notified', 'notify_failed']);

/** Incident-derived reasons kept per alert at most (the newest). */
const MAX_DERIVED = 20;

/**
 * What happened to an alert's incident that explains the alert too, as reasons: `escalated`
 * (by `escalation:response` / `escalation:resolution` for a breached target, else the actor, such as
 * `automation`; the detail names target, level and group), `notified` and `notify_failed`
 * (by `notify:<route>`; the detail names transition, receiver and attempt). Derived from the
 * incident's timeline when the API shows the alert, so an escalation needs no write to every alert
 * of a large incident and none is pushed out of the alert's own bounded reasons.
 */
export function incidentReasons(timeline: readonly TimelineEntry[]): Reason[] {
  const reasons: Reason[] = [];
  for (const entry of timeline) {
    if (!EXPLAINING.has(entry.action)) continue;
    reasons.push({ at: entry.at, by: byOf(entry), reason: entry.action, detail: entry.detail });
  }
  return reasons.slice(-MAX_DERIVED);
}

function byOf(entry: TimelineEntry): string {
  if (entry.action !== 'escalated' || entry.actor !== 'vigil') return entry.actor;
  const breach = /^(response|resolution) target breached/.exec(entry.detail)?.[1];
  return breach ? `escalation:${breach}` : 'escalation';
}

/**
 * The alerts with their incidents' reasons merged into their own, by time (one timeline read per
 * incident on the page).
 */
export async function withIncidentReasons(
  store: Store,
  alerts: readonly AlertRecord[],
): Promise<AlertRecord[]> {
  const ids = [...new Set(alerts.flatMap((a) => (a.incidentId ? [a.incidentId] : [])))];
  const derived = new Map<string, Reason[]>();
  await Promise.all(ids.map(async (id) => derived.set(id, incidentReasons(await store.getTimeline(id)))));
  return alerts.map((alert) => {
    const extra = alert.incidentId ? (derived.get(alert.incidentId) ?? []) : [];
    if (extra.length === 0) return alert;
    return { ...alert, reasons: [...alert.reasons, ...extra].sort((a, b) => a.at - b.at) };
  });
}
