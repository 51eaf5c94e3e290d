import { afterEach, describe, expect, it } from 'vitest';
import type { CiRelation } from '../../correlator/model/records.js';
import { DEFAULT_TOPOLOGY } from '../../correlator/suppression/topology.js';
import { MINUTE, makeCi, SECOND, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

/**
 * Time-scripted topology scenarios over a small CMDB: app-1 runs_on web-1, web-1 connected_to
 * sw-1. When a parent is down its dependents' alerts become symptoms attached to its incident; a
 * child that fires first is held for the wait. Nothing sleeps.
 */
afterEach(closeScenarios);

const relation = (fromId: string, toId: string, type: CiRelation['type']): CiRelation => ({
  fromId,
  toId,
  type,
  source: 'test',
  confidence: 1,
  since: T0,
});

async function topologyScenario(waitMs = 30 * SECOND) {
  const s = scenario({ topology: { ...DEFAULT_TOPOLOGY, waitMs } });
  await s.store.commitCmdb({
    cis: [
      makeCi({ id: 'CI-000001', name: 'sw-1', class: 'network_device' }),
      makeCi({ id: 'CI-000002', name: 'web-1' }),
      makeCi({ id: 'CI-000003', name: 'app-1', class: 'application' }),
      makeCi({ id: 'CI-000004', name: 'lonely-1' }),
    ],
    relations: [
      relation('CI-000002', 'CI-000001', 'connected_to'),
      relation('CI-000003', 'CI-000002', 'runs_on'),
    ],
    history: [],
  });
  return s;
}

const down = (resource: string) =>
  disk({ resource, check: 'host.down', summary: `${resource} does not answer`, labels: {} });
const appError = () =>
  disk({ resource: 'app-1', check: 'http.errors', summary: '5xx', labels: { ci: 'CI-000003' } });

describe('acceptance: topology suppression', () => {
  it('attaches the alerts of dependents of a down parent to the parent incident as symptoms', async () => {
    const s = await topologyScenario();
    s.at(0);
    const [parent] = await s.push(down('sw-1'));
    const incident = await s.sole();
    s.at(5 * SECOND);
    const [web, app] = await s.push(down('web-1'), appError());
    for (const receipt of [web, app]) {
      const alert = await s.alert(receipt);
      expect(alert.state).toBe('suppressed');
      expect(alert.incidentId).toBe(incident.id);
      expect(alert.reasons.map((r) => r.reason).slice(-2)).toEqual(['symptom_of', 'attached_to_incident']);
    }
    // Each names its nearest down parent: web-1 the switch, app-1 the host it runs on.
    expect((await s.alert(web)).reasons.at(-2)).toMatchObject({
      by: 'topology:sw-1',
      detail: expect.stringContaining(`sw-1 (CI-000001) being down: alert ${parent!.fingerprint}`),
    });
    expect((await s.alert(app)).reasons.at(-2)).toMatchObject({
      by: 'topology:web-1',
      detail: expect.stringContaining(`web-1 (CI-000002) being down: alert ${web!.fingerprint}`),
    });
    const after = await s.sole();
    expect(after.alertFingerprints).toEqual([parent!.fingerprint, web!.fingerprint, app!.fingerprint]);
    expect(after.firingFingerprints).toEqual([parent!.fingerprint]);
    expect((await s.actions(incident.id)).filter((a) => a === 'symptom_attached')).toHaveLength(2);
    expect(await s.metrics()).toContain('vigil_alerts_suppressed_total{kind="topology"} 2');
  });

  it('holds a child that fires first; the parent arriving within the wait makes it a symptom', async () => {
    const s = await topologyScenario();
    s.at(0);
    const [child] = await s.push(disk());
    const held = await s.alert(child);
    expect(held.state).toBe('suppressed');
    expect(held.reasons.at(-1)).toMatchObject({ by: 'topology:awaiting-parent', reason: 'awaiting_parent' });
    expect(held.reasons.at(-1)?.detail).toContain('for an event of sw-1');
    expect(await s.incidents()).toEqual([]);

    s.at(10 * SECOND);
    await s.push(down('sw-1'));
    const incident = await s.sole();
    await s.tickAt(11 * SECOND);
    const symptom = await s.alert(child);
    expect(symptom.state).toBe('suppressed');
    expect(symptom.incidentId).toBe(incident.id);
    expect(symptom.reasons.at(-2)).toMatchObject({ by: 'topology:sw-1', reason: 'symptom_of' });
    await s.tickAt(MINUTE);
    expect(await s.incidents()).toHaveLength(1);
  });

  it('attaches a symptom whose parent was itself held once the parent opens its incident', async () => {
    const s = await topologyScenario();
    s.at(0);
    const [app] = await s.push(appError());
    s.at(SECOND);
    const [web] = await s.push(down('web-1'));
    expect((await s.alert(web)).reasons.at(-1)?.reason).toBe('awaiting_parent');
    await s.tickAt(2 * SECOND);
    expect((await s.alert(app)).reasons.at(-1)).toMatchObject({ reason: 'symptom_of', by: 'topology:web-1' });
    expect((await s.alert(app)).incidentId).toBeNull();
    // web-1's wait ends (no switch event): it opens its incident and app-1 joins it as a symptom.
    await s.tickAt(31 * SECOND);
    const incident = await s.sole();
    expect(incident.firingFingerprints).toEqual([web!.fingerprint]);
    expect((await s.alert(app)).incidentId).toBe(incident.id);
  });

  it('lets a held child open its own incident when no parent event comes within the wait', async () => {
    const s = await topologyScenario();
    s.at(0);
    const [app] = await s.push(appError());
    await s.tickAt(29 * SECOND);
    expect(await s.incidents()).toEqual([]);
    await s.tickAt(30 * SECOND);
    const incident = await s.sole();
    expect((await s.alert(app)).incidentId).toBe(incident.id);
    expect((await s.alert(app)).reasons.map((r) => r.reason).slice(-2)).toEqual([
      'unsuppressed',
      'opened_incident',
    ]);
  });

  it('never holds alerts of CIs without parents, nor any alert when the wait is 0s', async () => {
    const s = await topologyScenario(0);
    s.at(0);
    const [lonely, app] = await s.push(disk({ resource: 'lonely-1' }), appError());
    expect((await s.alert(lonely)).state).toBe('firing');
    expect((await s.alert(app)).state).toBe('firing');
    expect(await s.incidents()).toHaveLength(2);
  });

  it('a symptom still failing after its parent recovers opens its own incident on the next tick', async () => {
    const s = await topologyScenario();
    s.at(0);
    await s.push(down('sw-1'));
    const parentIncident = await s.sole();
    s.at(SECOND);
    const [app] = await s.push(disk());
    expect((await s.alert(app)).incidentId).toBe(parentIncident.id);
    s.at(MINUTE);
    await s.push(diskOk({ resource: 'sw-1', check: 'host.down', labels: {} }));
    expect((await s.store.getIncident(parentIncident.id))?.status).toBe('resolved');
    await s.tickAt(MINUTE + SECOND);
    const alert = await s.alert(app);
    expect(alert.state).toBe('firing');
    expect(alert.incidentId).not.toBe(parentIncident.id);
    expect(await s.incidents()).toHaveLength(2);
  });

  it('keeps an alert with an open incident of its own there when its parent goes down later', async () => {
    const s = await topologyScenario(0);
    s.at(0);
    const [child] = await s.push(disk());
    const own = await s.sole();
    s.at(MINUTE);
    await s.push(down('sw-1'));
    s.at(2 * MINUTE);
    await s.push(disk());
    const alert = await s.alert(child);
    expect(alert.state).toBe('suppressed');
    expect(alert.incidentId).toBe(own.id);
    // Its recovery still resolves its own incident.
    s.at(3 * MINUTE);
    await s.push(diskOk());
    expect((await s.store.getIncident(own.id))?.status).toBe('resolved');
  });
});
