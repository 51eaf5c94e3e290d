import type { IncidentRecord, TimelineEntry } from '../model/records.js';
import type { NotifyTransition } from '../store/outbox-store.js';

/** Timeline actions that are notifying transitions, by the transition they are. */
const BY_ACTION: Readonly<Record<string, NotifyTransition>> = {
  created: 'opened',
  reopened: 'opened',
  acknowledge: 'acknowledged',
  escalated: 'escalated',
  resolved: 'resolved',
  resolve: 'resolved',
};

/**
 * The notifying transition a timeline entry records, or null: opened (created or reopened),
 * acknowledged (by an operator or PagerDuty), escalated (by target breach or failed remediation),
 * resolved (by the signal or an operator). Everything else (notes, links, classification) is quiet,
 * and so is an acknowledgement of an incident someone already acknowledged: `acknowledgedAt` is
 * set once (the MTTA clock), so only the entry of that first acknowledgement notifies, as only it
 * counts in the MTTA metrics.
 */
export function transitionOf(
  entry: TimelineEntry,
  incident: Pick<IncidentRecord, 'acknowledgedAt'>,
): NotifyTransition | null {
  if (!Object.hasOwn(BY_ACTION, entry.action)) return null;
  const transition = BY_ACTION[entry.action]!;
  return transition === 'acknowledged' && incident.acknowledgedAt !== entry.at ? null : transition;
}
