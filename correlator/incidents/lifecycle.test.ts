import { describe, expect, it } from 'vitest';
import { MINUTE, makeIncident, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import { INCIDENT_STATUSES, type IncidentStatus } from '../model/itil.js';
import { applyAction, type IncidentAction } from './lifecycle.js';

const ACTIONS: Record<IncidentAction['kind'], IncidentAction> = {
  acknowledge: { kind: 'acknowledge' },
  assign: { kind: 'assign', group: 'l2-support', assignee: 'ann' },
  resolve: { kind: 'resolve', note: 'fixed the disk' },
  close: { kind: 'close' },
  note: { kind: 'note', text: 'looking' },
};

/** The transition table the lifecycle promises: action -> from status -> resulting status or refusal. */
const TABLE: Record<IncidentAction['kind'], Record<IncidentStatus, IncidentStatus | 'refused'>> = {
  acknowledge: {
    new: 'in_progress',
    assigned: 'in_progress',
    in_progress: 'in_progress',
    resolved: 'refused',
    closed: 'refused',
  },
  assign: {
    new: 'assigned',
    assigned: 'assigned',
    in_progress: 'in_progress',
    resolved: 'refused',
    closed: 'refused',
  },
  resolve: {
    new: 'resolved',
    assigned: 'resolved',
    in_progress: 'resolved',
    resolved: 'refused',
    closed: 'refused',
  },
  close: {
    new: 'refused',
    assigned: 'refused',
    in_progress: 'refused',
    resolved: 'closed',
    closed: 'refused',
  },
  note: {
    new: 'new',
    assigned: 'assigned',
    in_progress: 'in_progress',
    resolved: 'resolved',
    closed: 'closed',
  },
};

const cases = (Object.keys(TABLE) as Array<IncidentAction['kind']>).flatMap((kind) =>
  INCIDENT_STATUSES.map((from) => [kind, from, TABLE[kind][from]] as const),
);

describe('applyAction transition table', () => {
  it('covers every action from every status', () => {
    expect(cases).toHaveLength(5 * 5);
  });

  it.each(cases.filter(([, , to]) => to !== 'refused'))('%s from %s -> %s', (kind, from, to) => {
    const incident = makeIncident({ status: from, version: 3 });
    const { incident: next, entry } = applyAction(incident, ACTIONS[kind], 'ann', T0 + MINUTE);
    expect(next.status).toBe(to);
    expect(next.updatedAt).toBe(T0 + MINUTE);
    expect(next.version).toBe(3);
    expect(entry).toMatchObject({
      at: T0 + MINUTE,
      actor: 'ann',
      action: kind,
      fromStatus: from,
      toStatus: to,
    });
    expect(incident.status).toBe(from);
  });

  it.each(cases.filter(([, , to]) => to === 'refused'))('%s from %s is refused', (kind, from) => {
    const incident = makeIncident({ status: from });
    let error: unknown;
    try {
      applyAction(incident, ACTIONS[kind], 'ann', T0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('VIGIL_ERR_INVALID_TRANSITION');
    expect((error as VigilError).status).toBe(409);
    expect((error as VigilError).message).toContain(`Incident INC-000001 is ${from}`);
  });
});

describe('applyAction details', () => {
  it('sets acknowledgedAt once: a second acknowledgement keeps the first time', () => {
    const clock = new ManualClock(T0);
    const incident = makeIncident();
    clock.advance(5 * MINUTE);
    const first = applyAction(incident, { kind: 'acknowledge' }, 'ann', clock.now()).incident;
    expect(first.acknowledgedAt).toBe(T0 + 5 * MINUTE);
    expect(first.assignee).toBe('ann');
    clock.advance(MINUTE);
    const second = applyAction(first, { kind: 'acknowledge' }, 'bob', clock.now()).incident;
    expect(second.acknowledgedAt).toBe(T0 + 5 * MINUTE);
    expect(second.assignee).toBe('ann');
    expect(second.updatedAt).toBe(T0 + 6 * MINUTE);
  });

  it('acknowledgement after an assignment keeps the assignment and its assignee', () => {
    const assigned = applyAction(makeIncident(), { kind: 'assign', assignee: 'carl' }, 'ann', T0).incident;
    expect(assigned).toMatchObject({
      status: 'assigned',
      assignee: 'carl',
      assignmentGroup: 'system-admins',
    });
    const acked = applyAction(assigned, { kind: 'acknowledge' }, 'ann', T0 + MINUTE).incident;
    expect(acked).toMatchObject({ status: 'in_progress', assignee: 'carl', acknowledgedAt: T0 + MINUTE });
  });

  it('assign changes group and assignee and says so', () => {
    const { incident, entry } = applyAction(makeIncident(), ACTIONS.assign, 'ann', T0);
    expect(incident).toMatchObject({ assignmentGroup: 'l2-support', assignee: 'ann' });
    expect(entry.detail).toBe('assigned to l2-support / ann');
  });

  it('resolve stamps resolvedAt and cancels a pending hold-down', () => {
    const pending = makeIncident({ status: 'in_progress', resolveDueAt: T0 + 5 * MINUTE });
    const { incident, entry } = applyAction(pending, ACTIONS.resolve, 'ann', T0 + MINUTE);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: T0 + MINUTE, resolveDueAt: null });
    expect(entry.detail).toBe('fixed the disk');
  });

  it('close stamps closedAt', () => {
    const { incident } = applyAction(
      makeIncident({ status: 'resolved', resolvedAt: T0 }),
      ACTIONS.close,
      'ann',
      T0 + MINUTE,
    );
    expect(incident).toMatchObject({ status: 'closed', closedAt: T0 + MINUTE, resolvedAt: T0 });
  });

  it('a note changes nothing but the timeline and updatedAt', () => {
    const incident = makeIncident({ status: 'closed', closedAt: T0 });
    const { incident: next, entry } = applyAction(incident, ACTIONS.note, 'ann', T0 + MINUTE);
    expect({ ...next, updatedAt: incident.updatedAt }).toEqual(incident);
    expect(entry.detail).toBe('looking');
  });
});
