import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, makeIncident, T0 } from '../../test/support/records.js';
import { escalate, nextEscalationAt, withEscalationDue } from './escalation.js';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from './policy.js';

const policy: EscalationPolicy = {
  ...DEFAULT_ESCALATION_POLICY,
  levels: [{ group: 'l2-support' }, {}, { group: 'incident-managers' }],
};
/** A P3 incident created at T0: response due at T0 + 2h, resolution at T0 + 24h. */
const p3 = makeIncident({ id: 'INC-000001', priority: 'P3', assignmentGroup: 'system-admins' });
const RESPONSE = T0 + 2 * HOUR;
const RESOLUTION = T0 + 24 * HOUR;

describe('nextEscalationAt', () => {
  it('is the response target from creation while unacknowledged', () => {
    expect(nextEscalationAt(p3, policy)).toBe(RESPONSE);
  });

  it('is the resolution target once acknowledged or once the response breach is recorded', () => {
    expect(nextEscalationAt({ ...p3, acknowledgedAt: T0 + MINUTE }, policy)).toBe(RESOLUTION);
    expect(nextEscalationAt({ ...p3, breaches: ['response'] }, policy)).toBe(RESOLUTION);
  });

  it('follows the priority', () => {
    expect(nextEscalationAt({ ...p3, priority: 'P1' }, policy)).toBe(T0 + 15 * MINUTE);
  });

  it('is null when both breaches are recorded, or the incident is resolved or closed', () => {
    expect(nextEscalationAt({ ...p3, breaches: ['response', 'resolution'] }, policy)).toBeNull();
    expect(nextEscalationAt({ ...p3, status: 'resolved', resolvedAt: T0 }, policy)).toBeNull();
    expect(nextEscalationAt({ ...p3, status: 'closed', closedAt: T0 }, policy)).toBeNull();
  });
});

describe('withEscalationDue', () => {
  it('sets the due time, and returns the same record when it is already right', () => {
    const timed = withEscalationDue(p3, policy);
    expect(timed.escalationDueAt).toBe(RESPONSE);
    expect(withEscalationDue(timed, policy)).toBe(timed);
    expect(withEscalationDue({ ...timed, status: 'resolved' }, policy).escalationDueAt).toBeNull();
  });
});

describe('escalate', () => {
  it('does nothing a millisecond before the response target', () => {
    expect(escalate(p3, policy, RESPONSE - 1)).toBeNull();
  });

  it('escalates an unacknowledged incident at its response target to level 1 and its group', () => {
    const result = escalate(p3, policy, RESPONSE)!;
    expect(result.breach).toBe('response');
    expect(result.targetMs).toBe(2 * HOUR);
    expect(result.incident).toMatchObject({
      escalationLevel: 1,
      assignmentGroup: 'l2-support',
      breaches: ['response'],
      updatedAt: RESPONSE,
      escalationDueAt: RESOLUTION,
      status: 'new',
    });
    expect(result.entries).toEqual([
      {
        at: RESPONSE,
        actor: 'vigil',
        action: 'escalated',
        fromStatus: 'new',
        toStatus: 'new',
        detail:
          'response target breached: P3 not acknowledged within 2h; escalated to level 1, reassigned to l2-support',
      },
    ]);
  });

  it('escalates the response breach once', () => {
    const once = escalate(p3, policy, RESPONSE)!.incident;
    expect(escalate(once, policy, RESPONSE + HOUR)).toBeNull();
  });

  it('does not escalate an acknowledged incident before its resolution target', () => {
    const acknowledged = { ...p3, status: 'in_progress' as const, acknowledgedAt: T0 + MINUTE };
    expect(escalate(acknowledged, policy, RESOLUTION - 1)).toBeNull();
  });

  it('escalates an unresolved incident at its resolution target to the next level', () => {
    const level1 = escalate(p3, policy, RESPONSE)!.incident;
    const result = escalate(level1, policy, RESOLUTION)!;
    expect(result.breach).toBe('resolution');
    expect(result.incident).toMatchObject({
      escalationLevel: 2,
      // Level 2 names no group: the incident stays where it is.
      assignmentGroup: 'l2-support',
      breaches: ['response', 'resolution'],
      escalationDueAt: null,
    });
    expect(result.entries[0]!.detail).toBe(
      'resolution target breached: P3 not resolved within 1d; escalated to level 2, stays with l2-support',
    );
    expect(escalate(result.incident, policy, RESOLUTION + HOUR)).toBeNull();
  });

  it('takes the response breach first when both are due, then the resolution breach', () => {
    const late = RESOLUTION + HOUR;
    const first = escalate(p3, policy, late)!;
    expect(first.breach).toBe('response');
    const second = escalate(first.incident, policy, late)!;
    expect(second.breach).toBe('resolution');
    expect(second.incident.escalationLevel).toBe(2);
  });

  it('goes to the level after the current one and past the last level keeps the group', () => {
    const atLevel2 = { ...p3, escalationLevel: 2, assignmentGroup: 'x' };
    expect(escalate(atLevel2, policy, RESPONSE)!.incident.assignmentGroup).toBe('incident-managers');
    const atLevel3 = { ...p3, escalationLevel: 3, assignmentGroup: 'incident-managers' };
    expect(escalate(atLevel3, policy, RESPONSE)!.incident).toMatchObject({
      escalationLevel: 4,
      assignmentGroup: 'incident-managers',
    });
  });

  it('with no levels configured raises the level and keeps the group', () => {
    const result = escalate(p3, DEFAULT_ESCALATION_POLICY, RESPONSE)!;
    expect(result.incident).toMatchObject({ escalationLevel: 1, assignmentGroup: 'system-admins' });
  });

  it('never escalates a resolved or closed incident', () => {
    expect(escalate({ ...p3, status: 'resolved', resolvedAt: T0 + MINUTE }, policy, RESOLUTION)).toBeNull();
    expect(escalate({ ...p3, status: 'closed', closedAt: T0 + MINUTE }, policy, RESOLUTION)).toBeNull();
  });

  it('does not re-escalate a reopened incident for a breach already recorded', () => {
    const reopened = { ...p3, breaches: ['response' as const], escalationLevel: 1 };
    expect(escalate(reopened, policy, RESOLUTION - 1)).toBeNull();
    expect(escalate(reopened, policy, RESOLUTION)!.breach).toBe('resolution');
  });

  it('treats a record without breaches as having none', () => {
    const legacy = { ...p3 };
    delete legacy.breaches;
    expect(escalate(legacy, policy, RESPONSE)!.incident.breaches).toEqual(['response']);
  });
});
