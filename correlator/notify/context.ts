import type { IncidentRecord, TimelineEntry } from '../model/records.js';
import type { NotifyTransition } from '../store/outbox-store.js';
import type { NotifyValues } from './body-template.js';

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

/**
 * What routes match on: the labels of the alert that opened the incident, overridden by the
 * incident's own fields (`priority`, `category`, `assignmentGroup`, `status`, `impact`, `urgency`,
 * `resource`, `check`) and the `transition`.
 */
export function routeFacts(
  incident: IncidentRecord,
  transition: NotifyTransition,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...labels,
    priority: incident.priority,
    category: incident.category,
    assignmentGroup: incident.assignmentGroup,
    status: incident.status,
    impact: incident.impact,
    urgency: incident.urgency,
    resource: incident.resource ?? '',
    check: incident.check ?? '',
    transition,
  };
}

/** The placeholder values of one notification (body-template.ts `NOTIFY_FIELDS`). */
export function templateValues(
  incident: IncidentRecord,
  entry: TimelineEntry,
  transition: NotifyTransition,
  labels: Readonly<Record<string, string>>,
  route: { rule: string; receiver: string },
): NotifyValues {
  const values: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(labels)) values[`labels.${name}`] = value;
  Object.assign(values, {
    transition,
    rule: route.rule,
    receiver: route.receiver,
    at: iso(entry.at),
    detail: entry.detail,
    'incident.id': incident.id,
    'incident.title': incident.title,
    'incident.status': incident.status,
    'incident.priority': incident.priority,
    'incident.category': incident.category,
    'incident.impact': incident.impact,
    'incident.urgency': incident.urgency,
    'incident.assignmentGroup': incident.assignmentGroup,
    'incident.assignee': incident.assignee ?? '',
    'incident.escalationLevel': String(incident.escalationLevel),
    'incident.createdAt': iso(incident.createdAt),
    'incident.acknowledgedAt': iso(incident.acknowledgedAt),
    'incident.resolvedAt': iso(incident.resolvedAt),
    'incident.resource': incident.resource ?? '',
    'incident.check': incident.check ?? '',
    'incident.alertCount': String(incident.alertFingerprints.length),
    'incident.ciIds': incident.ciIds.join(','),
    'incident.problemId': incident.problemId ?? '',
  });
  return values;
}
