import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY } from '../../correlator/incidents/policy.js';
import type { IncidentRecord } from '../../correlator/model/records.js';
import { type Store, StoreConflictError } from '../../correlator/store/contract.js';
import type { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';
import { HOUR, MINUTE, SECOND, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

/**
 * Time-scripted escalation scenarios: a critical disk alert on a CI nobody depends on opens a P3
 * incident (response target 2h, resolution 24h by default); the clock moves and `tick()` runs the
 * timers. Nothing sleeps.
 */
function escalationScenario(wrapStore?: (store: SqliteStore) => Store) {
  const escalation = {
    ...DEFAULT_ESCALATION_POLICY,
    levels: [{ group: 'l2-support' }, { group: 'incident-managers' }],
  };
  const s = scenario({ policy: { escalation }, ...(wrapStore ? { wrapStore } : {}) });
  return {
    ...s,
    async incident(): Promise<IncidentRecord> {
      return (await s.store.getIncident('INC-000001'))!;
    },
    async escalations(): Promise<string[]> {
      return (await s.store.getTimeline('INC-000001'))
        .filter((e) => e.action === 'escalated')
        .map((e) => e.detail);
    },
  };
}

afterEach(closeScenarios);

describe('acceptance: escalation', () => {
  it('escalates an unacknowledged P3 incident at exactly its response target, once, then at its resolution target', async () => {
    const s = escalationScenario();
    s.at(0);
    await s.push(disk());
    expect(await s.incident()).toMatchObject({
      priority: 'P3',
      assignmentGroup: 'system-admins',
      escalationLevel: 0,
      escalationDueAt: T0 + 2 * HOUR,
    });

    // One tick before the target: nothing.
    await s.tickAt(2 * HOUR - SECOND);
    expect(await s.incident()).toMatchObject({ escalationLevel: 0, assignmentGroup: 'system-admins' });
    expect(await s.escalations()).toEqual([]);

    // At the target: level 1, reassigned to its group, on the timeline.
    await s.tickAt(2 * HOUR);
    expect(await s.incident()).toMatchObject({
      escalationLevel: 1,
      assignmentGroup: 'l2-support',
      breaches: ['response'],
      status: 'new',
      escalationDueAt: T0 + 24 * HOUR,
    });
    expect(await s.escalations()).toEqual([
      'response target breached: P3 not acknowledged within 2h; escalated to level 1, reassigned to l2-support',
    ]);

    // Later ticks do not escalate the same breach again.
    await s.tickAt(2 * HOUR + SECOND);
    await s.tickAt(10 * HOUR);
    expect((await s.incident()).escalationLevel).toBe(1);

    // Acknowledged late, still not resolved: the resolution target escalates it once more.
    await s.pipeline.act('INC-000001', { kind: 'acknowledge' }, 'alice');
    await s.tickAt(24 * HOUR - SECOND);
    expect((await s.incident()).escalationLevel).toBe(1);
    await s.tickAt(24 * HOUR);
    expect(await s.incident()).toMatchObject({
      escalationLevel: 2,
      assignmentGroup: 'incident-managers',
      breaches: ['response', 'resolution'],
      status: 'in_progress',
      escalationDueAt: null,
    });
    await s.tickAt(48 * HOUR);
    expect(await s.escalations()).toHaveLength(2);

    const text = await s.metrics();
    expect(text).toContain('vigil_incident_escalations_total{priority="P3",breach="response"} 1');
    expect(text).toContain('vigil_incident_escalations_total{priority="P3",breach="resolution"} 1');
    expect(text).toContain('vigil_sla_breaches_total{priority="P3",target="response"} 1');
    expect(text).toContain('vigil_sla_breaches_total{priority="P3",target="resolution"} 1');
    expect(text).toContain('vigil_incident_transitions_total{action="escalated"} 2');
  });

  it('does not escalate an incident acknowledged before its response target', async () => {
    const s = escalationScenario();
    s.at(0);
    await s.push(disk());
    s.at(2 * HOUR - MINUTE);
    await s.pipeline.act('INC-000001', { kind: 'acknowledge' }, 'alice');
    await s.tickAt(2 * HOUR);
    await s.tickAt(10 * HOUR);
    expect(await s.incident()).toMatchObject({ escalationLevel: 0, assignmentGroup: 'system-admins' });
    expect(await s.escalations()).toEqual([]);
    expect(await s.metrics()).not.toContain('vigil_incident_escalations_total{');
  });

  it('never escalates a resolved incident', async () => {
    const s = escalationScenario();
    s.at(0);
    await s.push(disk());
    s.at(HOUR);
    await s.push(diskOk());
    expect(await s.incident()).toMatchObject({ status: 'resolved', escalationDueAt: null });
    await s.tickAt(2 * HOUR);
    await s.tickAt(30 * HOUR);
    const incident = await s.incident();
    expect(incident).toMatchObject({ status: 'resolved', escalationLevel: 0 });
    expect(incident.breaches ?? []).toEqual([]);
    expect(await s.escalations()).toEqual([]);
  });

  it('escalates both breaches in one tick when the tick comes after both targets', async () => {
    const s = escalationScenario();
    s.at(0);
    await s.push(disk());
    await s.tickAt(25 * HOUR);
    expect(await s.incident()).toMatchObject({ escalationLevel: 2, breaches: ['response', 'resolution'] });
    expect(await s.escalations()).toHaveLength(2);
  });

  it('does not escalate a reopened incident again for a breach it already had', async () => {
    const s = escalationScenario();
    s.at(0);
    await s.push(disk());
    await s.tickAt(2 * HOUR);
    s.at(3 * HOUR);
    await s.push(diskOk());
    s.at(3 * HOUR + 10 * MINUTE);
    await s.push(disk());
    expect(await s.incident()).toMatchObject({ status: 'new', escalationLevel: 1, breaches: ['response'] });
    await s.tickAt(4 * HOUR);
    expect((await s.incident()).escalationLevel).toBe(1);
    await s.tickAt(24 * HOUR);
    expect(await s.incident()).toMatchObject({ escalationLevel: 2, breaches: ['response', 'resolution'] });
  });

  it('leaves an incident another writer changed meanwhile for the next tick', async () => {
    let conflicts = 1;
    // The store as seen by a writer that loses one escalation commit to a concurrent change.
    const s = escalationScenario(
      (store) =>
        new Proxy(store, {
          get(target, key) {
            if (key === 'commit') {
              return async (unit: Parameters<Store['commit']>[0]) => {
                if (unit.timeline.some((t) => t.entry.action === 'escalated') && conflicts-- > 0) {
                  throw new StoreConflictError('incident INC-000001');
                }
                return target.commit(unit);
              };
            }
            const value = Reflect.get(target, key, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    );
    s.at(0);
    await s.push(disk());
    await s.tickAt(2 * HOUR);
    expect((await s.incident()).escalationLevel).toBe(0);
    await s.tickAt(2 * HOUR + SECOND);
    expect((await s.incident()).escalationLevel).toBe(1);
    expect(await s.escalations()).toHaveLength(1);
    expect(await s.metrics()).toContain(
      'vigil_incident_escalations_total{priority="P3",breach="response"} 1',
    );
  });
});
