import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, makeAlert, makeIncident, T0 } from '../../test/support/records.js';
import type { Classification } from './classify.js';
import {
  attachFiring,
  detachResolved,
  openIncident,
  reopenIncident,
  resolveBySignal,
} from './incident-ops.js';

const classification = (overrides: Partial<Classification> = {}): Classification => ({
  category: 'capacity',
  urgency: 'medium',
  impact: 'local',
  priority: 'P5',
  assignmentGroup: 'system-admins',
  reasons: [
    { at: T0, by: 'classify', reason: 'category', detail: 'capacity (check name)' },
    { at: T0, by: 'classify', reason: 'priority', detail: 'P5 = ...' },
  ],
  ...overrides,
});

describe('openIncident', () => {
  it('opens a new incident from the alert and its classification', () => {
    const alert = makeAlert({ fingerprint: 'fp-a', resource: 'db-1', summary: 'disk full' });
    const { incident, entries } = openIncident('INC-000007', alert, classification(), ['CI-000003'], T0);
    expect(incident).toEqual({
      id: 'INC-000007',
      title: 'db-1: disk full',
      status: 'new',
      category: 'capacity',
      impact: 'local',
      urgency: 'medium',
      priority: 'P5',
      assignmentGroup: 'system-admins',
      assignee: null,
      ciIds: ['CI-000003'],
      alertFingerprints: ['fp-a'],
      firingFingerprints: ['fp-a'],
      createdAt: T0,
      updatedAt: T0,
      acknowledgedAt: null,
      resolvedAt: null,
      closedAt: null,
      resolveDueAt: null,
      escalationLevel: 0,
      problemId: null,
      resource: 'db-1',
      check: 'filesystem.used_percent',
      version: 0,
    });
    expect(entries.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['created', null, 'new', 'vigil'],
      ['classified', 'new', 'new', 'vigil'],
    ]);
    expect(entries[1]!.detail).toBe('category: capacity (check name); priority: P5 = ...');
  });

  it('titles an alert without summary by check and resource', () => {
    const { incident } = openIncident('INC-1', makeAlert({ summary: '' }), classification(), [], T0);
    expect(incident.title).toBe('filesystem.used_percent on web-1');
  });
});

describe('attachFiring', () => {
  it('attaches a new alert once and records it', () => {
    const incident = makeIncident({ priority: 'P3', version: 2 });
    const alert = makeAlert({ fingerprint: 'fp-2' });
    const { incident: next, entries } = attachFiring(incident, alert, classification(), T0 + MINUTE);
    expect(next.alertFingerprints).toEqual(['fp-1', 'fp-2']);
    expect(next.firingFingerprints).toEqual(['fp-1', 'fp-2']);
    expect(next.updatedAt).toBe(T0 + MINUTE);
    expect(next.version).toBe(2);
    expect(entries.map((e) => e.action)).toEqual(['alert_attached']);
    const again = attachFiring(next, alert, classification(), T0 + 2 * MINUTE);
    expect(again.incident.alertFingerprints).toEqual(['fp-1', 'fp-2']);
    expect(again.entries).toEqual([]);
  });

  it('marks a known, recovered alert as firing again without a second attachment', () => {
    const incident = makeIncident({ alertFingerprints: ['fp-1', 'fp-2'], firingFingerprints: ['fp-2'] });
    const { incident: next, entries } = attachFiring(incident, makeAlert(), classification(), T0);
    expect(next.firingFingerprints).toEqual(['fp-2', 'fp-1']);
    expect(entries).toEqual([]);
  });

  it('raises the priority, with urgency and impact, when the alert warrants a higher one', () => {
    const incident = makeIncident({ priority: 'P4', urgency: 'high', impact: 'local' });
    const raise = classification({ priority: 'P1', urgency: 'urgent', impact: 'global' });
    const { incident: next, entries } = attachFiring(incident, makeAlert(), raise, T0);
    expect(next).toMatchObject({ priority: 'P1', urgency: 'urgent', impact: 'global' });
    expect(entries).toEqual([
      {
        at: T0,
        actor: 'vigil',
        action: 'priority_raised',
        fromStatus: 'new',
        toStatus: 'new',
        detail: 'P4 -> P1',
      },
    ]);
  });

  it('never lowers the priority, nor changes it for an equal one', () => {
    const incident = makeIncident({ priority: 'P2', urgency: 'urgent', impact: 'department' });
    for (const priority of ['P2', 'P3', 'P5'] as const) {
      const { incident: next, entries } = attachFiring(
        incident,
        makeAlert(),
        classification({ priority }),
        T0,
      );
      expect(next).toMatchObject({ priority: 'P2', urgency: 'urgent', impact: 'department' });
      expect(entries).toEqual([]);
    }
  });

  it('cancels a pending hold-down', () => {
    const incident = makeIncident({ firingFingerprints: [], resolveDueAt: T0 + 5 * MINUTE });
    const { incident: next, entries } = attachFiring(
      incident,
      makeAlert(),
      classification({ priority: 'P5' }),
      T0 + MINUTE,
    );
    expect(next.resolveDueAt).toBeNull();
    expect(next.firingFingerprints).toEqual(['fp-1']);
    expect(entries.map((e) => e.action)).toEqual(['hold_down_cancelled']);
  });
});

describe('reopenIncident', () => {
  it('reopens an unacknowledged incident as new', () => {
    const resolved = makeIncident({ status: 'resolved', resolvedAt: T0 + MINUTE, firingFingerprints: [] });
    const { incident, entries } = reopenIncident(resolved, makeAlert(), T0 + 10 * MINUTE);
    expect(incident).toMatchObject({
      status: 'new',
      resolvedAt: null,
      resolveDueAt: null,
      updatedAt: T0 + 10 * MINUTE,
      firingFingerprints: ['fp-1'],
      alertFingerprints: ['fp-1'],
      id: 'INC-000001',
      createdAt: T0,
    });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'reopened',
        fromStatus: 'resolved',
        toStatus: 'new',
        at: T0 + 10 * MINUTE,
      }),
    ]);
  });

  it('reopens an acknowledged incident as in progress, keeping acknowledgedAt', () => {
    const resolved = makeIncident({
      status: 'resolved',
      acknowledgedAt: T0 + MINUTE,
      resolvedAt: T0 + 2 * MINUTE,
    });
    const { incident } = reopenIncident(resolved, makeAlert({ fingerprint: 'fp-9' }), T0 + HOUR);
    expect(incident).toMatchObject({ status: 'in_progress', acknowledgedAt: T0 + MINUTE });
    expect(incident.alertFingerprints).toEqual(['fp-1', 'fp-9']);
    expect(incident.firingFingerprints).toEqual(['fp-9']);
  });
});

describe('detachResolved', () => {
  it('keeps the incident open while another attached alert still fires', () => {
    const incident = makeIncident({
      alertFingerprints: ['fp-1', 'fp-2'],
      firingFingerprints: ['fp-1', 'fp-2'],
    });
    const { incident: next, entries } = detachResolved(incident, 'fp-1', 0, T0 + MINUTE);
    expect(next.status).toBe('new');
    expect(next.firingFingerprints).toEqual(['fp-2']);
    expect(next.resolveDueAt).toBeNull();
    expect(entries).toEqual([]);
  });

  it('resolves at once without a hold-down', () => {
    const { incident, entries } = detachResolved(
      makeIncident({ status: 'assigned' }),
      'fp-1',
      0,
      T0 + MINUTE,
    );
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: T0 + MINUTE, firingFingerprints: [] });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'resolved',
        fromStatus: 'assigned',
        toStatus: 'resolved',
        actor: 'vigil',
      }),
    ]);
  });

  it('schedules the resolution after a hold-down and stays open meanwhile', () => {
    const { incident, entries } = detachResolved(makeIncident(), 'fp-1', 5 * MINUTE, T0 + MINUTE);
    expect(incident).toMatchObject({
      status: 'new',
      resolvedAt: null,
      resolveDueAt: T0 + 6 * MINUTE,
      firingFingerprints: [],
    });
    expect(entries.map((e) => e.action)).toEqual(['hold_down']);
  });
});

describe('resolveBySignal', () => {
  it('resolves and clears the hold-down', () => {
    const pending = makeIncident({
      status: 'in_progress',
      resolveDueAt: T0 + MINUTE,
      firingFingerprints: [],
    });
    const { incident, entries } = resolveBySignal(pending, T0 + MINUTE);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: T0 + MINUTE, resolveDueAt: null });
    expect(entries[0]).toMatchObject({ fromStatus: 'in_progress', toStatus: 'resolved' });
  });
});
