import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../correlator/model/records.js';
import { MINUTE, SECOND, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

afterEach(closeScenarios);

const BLIPS = `correlation:
  - { kind: transient, name: blips, matchers: ['check="filesystem.used_percent"'], within: 2m }
`;
const FLAPPY = `correlation:
  - { kind: flapping, name: flappy, changes: 3, within: 10m }
`;

type S = ReturnType<typeof scenario>;
const alertOf = async (s: S, resource = 'web-1'): Promise<AlertRecord> =>
  (await s.store.listAlerts({ limit: 100 })).items.find((a) => a.resource === resource)!;
const last = async (s: S, resource = 'web-1') => {
  const reason = (await alertOf(s, resource)).reasons.at(-1)!;
  return `${reason.by} ${reason.reason}: ${reason.detail}`;
};

describe('acceptance: transient alerts', () => {
  it('records an alert that resolves within T and opens no incident for it', async () => {
    const s = scenario({ rules: [BLIPS] });
    s.at(0);
    await s.push(disk());
    expect(await s.incidents()).toEqual([]);
    expect(await last(s)).toBe(
      'rule:blips held_transient: opens an incident at 2026-01-01T00:02:00.000Z if still firing (resolving within 2m is transient)',
    );
    s.at(MINUTE);
    await s.push(diskOk());
    expect(await last(s)).toBe('rule:blips transient: resolved 1m after firing, within 2m: no incident');
    expect(await alertOf(s)).toMatchObject({ state: 'resolved', incidentId: null, count: 2 });
    await s.tickAt(3 * MINUTE);
    expect(await s.incidents()).toEqual([]);
    const metrics = await s.metrics();
    expect(metrics).toContain(
      'vigil_correlation_decisions_total{stage="transient",reason="held_transient",rule="blips"} 1',
    );
    expect(metrics).toContain(
      'vigil_correlation_decisions_total{stage="transient",reason="transient",rule="blips"} 1',
    );
  });

  it('opens the incident by the timer once the alert fired for T, and not a tick earlier', async () => {
    const s = scenario({ rules: [BLIPS] });
    s.at(0);
    await s.push(disk());
    await s.tickAt(2 * MINUTE - SECOND);
    expect(await s.incidents()).toEqual([]);
    await s.tickAt(2 * MINUTE);
    const incident = await s.sole();
    expect(incident.createdAt).toBe(T0 + 2 * MINUTE);
    const reasons = (await alertOf(s)).reasons.map((r) => `${r.by} ${r.reason}`);
    expect(reasons).toContain('rule:blips not_transient');
    expect(reasons.at(-1)).toBe('incident opened_incident');
    // Later ticks do not open another one.
    await s.tickAt(5 * MINUTE);
    expect(await s.incidents()).toHaveLength(1);
  });

  it('opens it on a refresh after T too, and leaves alerts no transient rule selects alone', async () => {
    const s = scenario({ rules: [BLIPS] });
    s.at(0);
    await s.push(disk(), disk({ check: 'memory.used_percent', resource: 'web-2' }));
    expect((await s.incidents()).map((i) => i.check)).toEqual(['memory.used_percent']);
    s.at(MINUTE);
    await s.push(disk());
    expect(await s.incidents()).toHaveLength(1);
    s.at(2 * MINUTE);
    await s.push(disk());
    expect(await s.incidents()).toHaveLength(2);
  });
});

describe('acceptance: flapping alerts', () => {
  it('holds the incident open while the alert flaps, without resolve/reopen churn, and resolves once stable', async () => {
    const s = scenario({ rules: [FLAPPY] });
    s.at(0);
    await s.push(disk()); // change 1
    s.at(1 * MINUTE);
    await s.push(diskOk()); // change 2: not flapping yet, resolves
    expect((await s.sole()).status).toBe('resolved');
    s.at(2 * MINUTE);
    await s.push(disk()); // change 3: reopens
    s.at(3 * MINUTE);
    await s.push(diskOk()); // change 4: more than 3 within 10m: flapping
    let incident = await s.sole();
    expect(incident.status).not.toBe('resolved');
    expect(incident.resolveDueAt).toBe(T0 + 13 * MINUTE);
    expect(await last(s)).toBe(
      'rule:flappy flapping: more than 3 state changes within 10m; INC-000001 stays open until stable for 10m',
    );
    s.at(4 * MINUTE);
    await s.push(disk()); // firing again: joins the open incident, no reopen
    expect(await last(s)).toContain('rule:flappy flapping');
    s.at(5 * MINUTE);
    await s.push(diskOk());
    incident = await s.sole();
    expect(incident.resolveDueAt).toBe(T0 + 15 * MINUTE);

    await s.tickAt(15 * MINUTE - SECOND);
    expect((await s.sole()).status).not.toBe('resolved');
    await s.tickAt(15 * MINUTE);
    incident = await s.sole();
    expect(incident.status).toBe('resolved');
    const actions = await s.actions(incident.id);
    expect(actions.filter((a) => a === 'reopened')).toHaveLength(1);
    expect(actions.filter((a) => a === 'resolved')).toHaveLength(2);
    // Only the changes within the period are kept on the alert.
    expect((await alertOf(s)).stateChanges!.length).toBeLessThanOrEqual(4);
  });

  it('does not call an alert flapping when its changes are spread wider than W', async () => {
    const s = scenario({ rules: [FLAPPY] });
    for (let i = 0; i < 6; i++) {
      s.at(i * 4 * MINUTE);
      await s.push(i % 2 === 0 ? disk() : diskOk());
    }
    // Every resolve resolved the incident at once (at most 3 changes in any 10m).
    expect((await s.sole()).status).toBe('resolved');
    const reasons = (await alertOf(s)).reasons.map((r) => r.reason);
    expect(reasons).not.toContain('flapping');
  });
});

describe('acceptance: transient and flapping rules across a reload', () => {
  it('applies a transient rule only to alerts that fire after the reload', async () => {
    const s = scenario();
    s.at(0);
    await s.push(disk({ resource: 'web-1' }));
    s.writeRules(BLIPS);
    await s.reload();
    await s.push(disk({ resource: 'web-2' }));
    expect((await s.incidents()).map((i) => i.resource)).toEqual(['web-1']);
  });
});
