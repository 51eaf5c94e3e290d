import type { TimelineEntry } from '../model/records.js';
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
 * resolved (by the signal or an operator). Everything else (notes, links, classification) is quiet.
 */
export function transitionOf(entry: TimelineEntry): NotifyTransition | null {
  return Object.hasOwn(BY_ACTION, entry.action) ? BY_ACTION[entry.action]! : null;
}
