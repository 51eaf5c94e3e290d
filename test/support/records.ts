import type { NormalisedEvent } from '../../correlator/model/event.js';
import type { AlertRecord, CiRecord, IncidentRecord } from '../../correlator/model/records.js';

/** 2026-01-01T00:00:00Z, the start of every scripted test. */
export const T0 = Date.parse('2026-01-01T00:00:00Z');
/** Time units for readable scripts (`T0 + 10 * MINUTE`). */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** A normalised event with test defaults; override what the test is about. */
export function makeEvent(overrides: Partial<NormalisedEvent> = {}): NormalisedEvent {
  return {
    id: 'evt-1',
    clientId: false,
    fingerprint: 'fp-1',
    source: 'host',
    resource: 'web-1',
    check: 'filesystem.used_percent',
    severity: 'critical',
    status: 'firing',
    summary: '/ is 97% full',
    labels: { mount: '/' },
    time: T0,
    receivedAt: T0,
    ...overrides,
  };
}

/** A stored-looking alert with test defaults. */
export function makeAlert(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    fingerprint: 'fp-1',
    state: 'firing',
    severity: 'critical',
    source: 'host',
    resource: 'web-1',
    check: 'filesystem.used_percent',
    labels: {},
    summary: '/ is 97% full',
    count: 1,
    firstSeen: T0,
    lastSeen: T0,
    stateChangedAt: T0,
    incidentId: null,
    reasons: [],
    version: 0,
    ...overrides,
  };
}

/** A stored-looking incident with test defaults. */
export function makeIncident(overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: 'INC-000001',
    title: 'web-1: / is 97% full',
    status: 'new',
    category: 'capacity',
    impact: 'local',
    urgency: 'urgent',
    priority: 'P3',
    assignmentGroup: 'system-admins',
    assignee: null,
    ciIds: [],
    alertFingerprints: ['fp-1'],
    firingFingerprints: ['fp-1'],
    createdAt: T0,
    updatedAt: T0,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolveDueAt: null,
    escalationLevel: 0,
    problemId: null,
    version: 0,
    ...overrides,
  };
}

/** A CI record with test defaults; `id` should end in its sequence number (`CI-000007`). */
export function makeCi(overrides: Partial<CiRecord> & Pick<CiRecord, 'id'>): CiRecord {
  return {
    class: 'host',
    name: overrides.id.toLowerCase(),
    state: 'discovered',
    parentId: null,
    identifiers: {},
    attributes: {},
    sources: ['test'],
    firstSeen: T0,
    lastSeen: T0,
    version: 0,
    ...overrides,
  };
}
