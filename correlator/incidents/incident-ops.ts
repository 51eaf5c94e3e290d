import { PRIORITIES } from '../model/itil.js';
import type { AlertRecord, IncidentRecord, TimelineEntry } from '../model/records.js';
import type { Classification } from './classify.js';

/** A changed incident plus the timeline entries that explain the change. */
export interface IncidentChange {
  incident: IncidentRecord;
  entries: TimelineEntry[];
}

const SYSTEM = 'vigil';

/** Opens a new incident for a firing alert with its classification. Pure. */
export function openIncident(
  id: string,
  alert: AlertRecord,
  classification: Classification,
  ciIds: string[],
  now: number,
): IncidentChange {
  const incident: IncidentRecord = {
    id,
    title: alert.summary ? `${alert.resource}: ${alert.summary}` : `${alert.check} on ${alert.resource}`,
    status: 'new',
    category: classification.category,
    impact: classification.impact,
    urgency: classification.urgency,
    priority: classification.priority,
    assignmentGroup: classification.assignmentGroup,
    assignee: null,
    ciIds,
    alertFingerprints: [alert.fingerprint],
    firingFingerprints: [alert.fingerprint],
    createdAt: now,
    updatedAt: now,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolveDueAt: null,
    escalationLevel: 0,
    problemId: null,
    resource: alert.resource,
    check: alert.check,
    version: 0,
  };
  const entries: TimelineEntry[] = [
    entry(
      now,
      'created',
      null,
      'new',
      `opened by alert ${alert.fingerprint} (${alert.check} on ${alert.resource})`,
    ),
    entry(
      now,
      'classified',
      'new',
      'new',
      classification.reasons.map((r) => `${r.reason}: ${r.detail ?? ''}`).join('; '),
    ),
  ];
  return { incident, entries };
}

/**
 * Attaches a firing alert to an open incident: cancels a pending hold-down and raises the
 * priority if the alert now warrants a higher one (never lowers it automatically). Pure.
 */
export function attachFiring(
  incident: IncidentRecord,
  alert: AlertRecord,
  classification: Classification,
  now: number,
): IncidentChange {
  const next: IncidentRecord = { ...incident, updatedAt: now };
  const entries: TimelineEntry[] = [];
  if (!next.alertFingerprints.includes(alert.fingerprint)) {
    next.alertFingerprints = [...next.alertFingerprints, alert.fingerprint];
    entries.push(
      entry(now, 'alert_attached', next.status, next.status, `alert ${alert.fingerprint} attached`),
    );
  }
  if (!next.firingFingerprints.includes(alert.fingerprint)) {
    next.firingFingerprints = [...next.firingFingerprints, alert.fingerprint];
  }
  if (next.resolveDueAt !== null) {
    next.resolveDueAt = null;
    entries.push(
      entry(now, 'hold_down_cancelled', next.status, next.status, `alert ${alert.fingerprint} fired again`),
    );
  }
  if (PRIORITIES.indexOf(classification.priority) < PRIORITIES.indexOf(next.priority)) {
    entries.push(
      entry(
        now,
        'priority_raised',
        next.status,
        next.status,
        `${next.priority} -> ${classification.priority}`,
      ),
    );
    next.priority = classification.priority;
    next.urgency = classification.urgency;
    next.impact = classification.impact;
  }
  return { incident: next, entries };
}

/** Reopens a resolved incident when its failure returns within the reopen window. Pure. */
export function reopenIncident(incident: IncidentRecord, alert: AlertRecord, now: number): IncidentChange {
  const status = incident.acknowledgedAt !== null ? 'in_progress' : 'new';
  const next: IncidentRecord = {
    ...incident,
    status,
    resolvedAt: null,
    resolveDueAt: null,
    updatedAt: now,
    firingFingerprints: [alert.fingerprint],
    alertFingerprints: incident.alertFingerprints.includes(alert.fingerprint)
      ? incident.alertFingerprints
      : [...incident.alertFingerprints, alert.fingerprint],
  };
  return {
    incident: next,
    entries: [
      entry(
        now,
        'reopened',
        incident.status,
        status,
        `alert ${alert.fingerprint} fired again within the reopen window`,
      ),
    ],
  };
}

/**
 * Detaches a recovered alert. When no attached alert is firing any more the incident resolves at
 * once, or after `holdDownMs` if a hold-down is configured. Pure.
 */
export function detachResolved(
  incident: IncidentRecord,
  fingerprint: string,
  holdDownMs: number,
  now: number,
): IncidentChange {
  const next: IncidentRecord = {
    ...incident,
    updatedAt: now,
    firingFingerprints: incident.firingFingerprints.filter((f) => f !== fingerprint),
  };
  if (next.firingFingerprints.length > 0) return { incident: next, entries: [] };
  if (holdDownMs > 0) {
    next.resolveDueAt = now + holdDownMs;
    return {
      incident: next,
      entries: [
        entry(
          now,
          'hold_down',
          next.status,
          next.status,
          `all alerts recovered; resolving in ${holdDownMs} ms unless one fires again`,
        ),
      ],
    };
  }
  return resolveBySignal(next, now);
}

/** Resolves an incident because its monitoring signal recovered. Pure. */
export function resolveBySignal(incident: IncidentRecord, now: number): IncidentChange {
  const next: IncidentRecord = {
    ...incident,
    status: 'resolved',
    resolvedAt: now,
    resolveDueAt: null,
    updatedAt: now,
  };
  return {
    incident: next,
    entries: [entry(now, 'resolved', incident.status, 'resolved', 'all attached alerts recovered')],
  };
}

function entry(
  at: number,
  action: string,
  fromStatus: TimelineEntry['fromStatus'],
  toStatus: TimelineEntry['toStatus'],
  detail: string,
): TimelineEntry {
  return { at, actor: SYSTEM, action, fromStatus, toStatus, detail };
}

/**
 * Links `incident` to `otherId` ("correlate without merging"): each stays its own incident, and
 * each names the other in `relatedIncidentIds` with the reason on its timeline. Idempotent.
 */
export function linkIncidents(
  otherId: string,
  incident: IncidentRecord,
  why: string,
  now: number,
): IncidentChange {
  const related = incident.relatedIncidentIds ?? [];
  if (related.includes(otherId) || otherId === incident.id) return { incident, entries: [] };
  return {
    incident: { ...incident, relatedIncidentIds: [...related, otherId], updatedAt: now },
    entries: [entry(now, 'linked', incident.status, incident.status, `linked to ${otherId}: ${why}`)],
  };
}
