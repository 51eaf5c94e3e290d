import type { JsonValue } from '../model/observation.js';
import type {
  AlertRecord,
  CiHistoryEntry,
  CiRecord,
  CiRelation,
  IncidentRecord,
  ProblemRecord,
  Reason,
  TimelineEntry,
} from '../model/records.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
const reason = (r: Reason) => ({
  at: iso(r.at),
  by: r.by,
  reason: r.reason,
  ...(r.detail ? { detail: r.detail } : {}),
});

/** An alert as the API returns it (DESIGN.md "Alert": field names are part of the contract). */
export function presentAlert(a: AlertRecord) {
  return {
    fingerprint: a.fingerprint,
    state: a.state,
    severity: a.severity,
    source: a.source,
    resource: a.resource,
    check: a.check,
    labels: a.labels,
    summary: a.summary,
    count: a.count,
    firstSeen: iso(a.firstSeen),
    lastSeen: iso(a.lastSeen),
    incidentId: a.incidentId,
    reasons: a.reasons.map(reason),
  };
}

/** An incident as the API lists it (DESIGN.md "Incident"). */
export function presentIncident(i: IncidentRecord) {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    category: i.category,
    impact: i.impact,
    urgency: i.urgency,
    priority: i.priority,
    assignmentGroup: i.assignmentGroup,
    assignee: i.assignee,
    ciIds: i.ciIds,
    alertCount: i.alertFingerprints.length,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    acknowledgedAt: isoOrNull(i.acknowledgedAt),
    resolvedAt: isoOrNull(i.resolvedAt),
    closedAt: isoOrNull(i.closedAt),
    escalationLevel: i.escalationLevel,
    breaches: i.breaches ?? [],
    problemId: i.problemId,
    relatedIncidentIds: i.relatedIncidentIds ?? [],
  };
}

/** A problem as the API returns it (DESIGN.md "Problems"). */
export function presentProblem(p: ProblemRecord) {
  return {
    id: p.id,
    title: p.title,
    state: p.state,
    ciIds: p.ciIds,
    resource: p.resource,
    check: p.check,
    rootCause: p.rootCause,
    workaround: p.workaround,
    incidentIds: p.incidentIds,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

/** One timeline entry as the API returns it. */
export function presentTimelineEntry(t: TimelineEntry) {
  return {
    at: iso(t.at),
    actor: t.actor,
    action: t.action,
    fromStatus: t.fromStatus,
    toStatus: t.toStatus,
    detail: t.detail,
  };
}

/** A CI as the API lists it: attribute values flat, their provenance beside them. */
export function presentCi(c: CiRecord) {
  const attributes: Record<string, JsonValue> = {};
  const attributeSources: Record<string, { source: string; at: string }> = {};
  for (const [name, v] of Object.entries(c.attributes)) {
    attributes[name] = v.value;
    attributeSources[name] = { source: v.source, at: iso(v.at) };
  }
  return {
    id: c.id,
    class: c.class,
    name: c.name,
    state: c.state,
    parentId: c.parentId,
    identifiers: c.identifiers,
    attributes,
    attributeSources,
    sources: c.sources,
    firstSeen: iso(c.firstSeen),
    lastSeen: iso(c.lastSeen),
  };
}

/** A relation as the API returns it. */
export function presentRelation(r: CiRelation) {
  return {
    from: r.fromId,
    to: r.toId,
    type: r.type,
    source: r.source,
    confidence: r.confidence,
    since: iso(r.since),
  };
}

/** One attribute change as the API returns it. */
export function presentHistory(h: CiHistoryEntry) {
  return {
    attribute: h.attribute,
    oldValue: h.oldValue ?? null,
    newValue: h.newValue ?? null,
    source: h.source,
    at: iso(h.at),
    applied: h.applied ?? true,
  };
}
