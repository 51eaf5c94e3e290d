import { afterEach, describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { CiObservation } from '../../correlator/model/observation.js';
import { HOUR, MINUTE, SECOND, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

afterEach(closeScenarios);

describe('acceptance: one failure, one incident', () => {
  it('opens, deduplicates, resolves, reopens within the window and opens anew after it', async () => {
    const s = scenario();

    // t=1s: the disk fills up.
    s.at(SECOND);
    const [first] = await s.push(disk());
    expect(first).toMatchObject({ status: 'accepted', decision: 'first_seen', incidentId: 'INC-000001' });
    let incident = await s.sole();
    expect(incident).toMatchObject({
      id: 'INC-000001',
      title: 'web-1: / is 97% full',
      status: 'new',
      category: 'capacity',
      impact: 'local',
      urgency: 'urgent',
      priority: 'P3',
      assignmentGroup: 'system-admins',
      ciIds: [],
      createdAt: T0 + SECOND,
      alertFingerprints: [first!.fingerprint],
      firingFingerprints: [first!.fingerprint],
    });

    // 50 repeats, one by one and as a batch, over the next 50 s.
    for (let i = 1; i <= 25; i++) {
      s.at(SECOND + i * SECOND);
      const [repeat] = await s.push(disk({ labels: { mount: '/', value: String(90 + (i % 9)) } }));
      expect(repeat).toMatchObject({
        decision: 'repeat',
        incidentId: 'INC-000001',
        fingerprint: first!.fingerprint,
      });
    }
    s.at(30 * SECOND);
    const batch = await s.push(...Array.from({ length: 25 }, () => disk()));
    expect(batch.every((r) => r.decision === 'repeat' && r.incidentId === 'INC-000001')).toBe(true);
    await s.sole();
    const alert = await s.store.getAlert(first!.fingerprint);
    expect(alert).toMatchObject({
      count: 51,
      state: 'firing',
      incidentId: 'INC-000001',
      firstSeen: T0 + SECOND,
    });
    expect(alert!.reasons.map((r) => r.reason)).toEqual(['first_seen', 'opened_incident']);

    // t=60s: the disk recovers; the incident resolves at once (no hold-down by default).
    s.at(60 * SECOND);
    const [recovery] = await s.push(diskOk());
    expect(recovery).toMatchObject({ decision: 'resolved', incidentId: 'INC-000001' });
    incident = await s.sole();
    expect(incident).toMatchObject({
      status: 'resolved',
      resolvedAt: T0 + 60 * SECOND,
      firingFingerprints: [],
    });
    expect(await s.actions('INC-000001')).toEqual(['created', 'classified', 'resolved']);

    // t=10min: the same failure returns within the 1 h reopen window: the same incident reopens.
    s.at(10 * MINUTE);
    const [again] = await s.push(disk());
    expect(again).toMatchObject({ decision: 'fired', incidentId: 'INC-000001' });
    incident = await s.sole();
    expect(incident).toMatchObject({
      id: 'INC-000001',
      status: 'new',
      resolvedAt: null,
      createdAt: T0 + SECOND,
    });
    expect((await s.actions('INC-000001')).at(-1)).toBe('reopened');
    expect((await s.store.getAlert(first!.fingerprint))!.reasons.map((r) => r.reason)).toContain(
      'reopened_incident',
    );

    // t=11min: recovers again.
    s.at(11 * MINUTE);
    await s.push(diskOk());
    expect((await s.sole()).status).toBe('resolved');

    // t=3h: long after the window: a new incident, the old one stays resolved.
    s.at(3 * HOUR);
    const [late] = await s.push(disk());
    expect(late).toMatchObject({ decision: 'fired', incidentId: 'INC-000002' });
    const all = await s.incidents();
    expect(all.map((i) => [i.id, i.status, i.createdAt])).toEqual([
      ['INC-000002', 'new', T0 + 3 * HOUR],
      ['INC-000001', 'resolved', T0 + SECOND],
    ]);
    expect((await s.store.getAlert(first!.fingerprint))!).toMatchObject({
      incidentId: 'INC-000002',
      count: 55,
    });

    const text = await s.metrics();
    expect(text).toContain('vigil_incidents_created_total{priority="P3",category="capacity"} 2');
    expect(text).toContain('vigil_events_received_total{source="host"} 55');
    expect(text).toContain('vigil_events_deduplicated_total{reason="repeat"} 50');
    expect(text).toContain('vigil_incident_transitions_total{action="reopened"} 1');
    expect(text).toContain('vigil_incident_transitions_total{action="resolved"} 2');
    expect(text).toContain('vigil_incident_time_to_resolve_seconds_count{priority="P3"} 2');
    expect(await s.store.countEvents()).toBe(55);
  });

  it('reopens up to the end of the reopen window, and not a moment later', async () => {
    const s = scenario();
    await s.push(disk());
    s.at(MINUTE);
    await s.push(diskOk());
    s.at(MINUTE + HOUR);
    expect((await s.push(disk()))[0]!.incidentId).toBe('INC-000001');
    s.at(2 * MINUTE + HOUR);
    await s.push(diskOk());
    s.at(2 * MINUTE + 2 * HOUR + 1);
    expect((await s.push(disk()))[0]!.incidentId).toBe('INC-000002');
  });

  it('does not reopen a closed incident: the failure returning opens a new one', async () => {
    const s = scenario();
    await s.push(disk());
    s.at(MINUTE);
    await s.push(diskOk());
    await s.pipeline.act('INC-000001', { kind: 'close' }, 'ann');
    s.at(2 * MINUTE);
    expect((await s.push(disk()))[0]!.incidentId).toBe('INC-000002');
    expect((await s.store.getIncident('INC-000001'))!.status).toBe('closed');
  });

  it('opens and resolves within one batch when both events arrive together', async () => {
    const s = scenario();
    const receipts = await s.push(
      disk({ time: new Date(T0 - 2 * SECOND).toISOString() }),
      diskOk({ time: new Date(T0 - SECOND).toISOString() }),
    );
    expect(receipts.map((r) => [r.decision, r.incidentId])).toEqual([
      ['first_seen', 'INC-000001'],
      ['resolved', 'INC-000001'],
    ]);
    expect(await s.sole()).toMatchObject({ status: 'resolved', resolvedAt: T0 });
    expect((await s.store.getAlert(receipts[0]!.fingerprint))!.incidentId).toBe('INC-000001');
  });

  it('gives each distinct failure its own incident and numbers them uniquely', async () => {
    const s = scenario();
    const receipts = await s.push(
      disk(),
      disk({ resource: 'web-2' }),
      disk({ labels: { mount: '/var' } }),
      disk({ check: 'interface.oper_status', labels: { ifName: 'eth0' } }),
    );
    expect(receipts.map((r) => r.incidentId)).toEqual([
      'INC-000001',
      'INC-000002',
      'INC-000003',
      'INC-000004',
    ]);
    const byId = new Map((await s.incidents()).map((i) => [i.id, i]));
    expect(byId.get('INC-000004')).toMatchObject({ category: 'network', assignmentGroup: 'network-admins' });
  });

  it('does not let a delayed firing event reopen a recovered incident', async () => {
    const s = scenario();
    await s.push(disk());
    s.at(2 * MINUTE);
    await s.push(diskOk());
    s.at(3 * MINUTE);
    const [late] = await s.push(disk({ time: new Date(T0 + MINUTE).toISOString() }));
    expect(late!.decision).toBe('out_of_order');
    expect(await s.sole()).toMatchObject({ status: 'resolved', resolvedAt: T0 + 2 * MINUTE });
    expect(await s.metrics()).toContain('vigil_events_deduplicated_total{reason="out_of_order"} 1');
  });
});

describe('acceptance: hold-down', () => {
  const holdDownMs = 5 * MINUTE;

  it('keeps the incident open during the hold-down and resolves it when the timer runs', async () => {
    const s = scenario({ policy: { holdDownMs } });
    await s.push(disk());
    s.at(MINUTE);
    await s.push(diskOk());
    expect(await s.sole()).toMatchObject({ status: 'new', resolveDueAt: T0 + 6 * MINUTE, resolvedAt: null });

    s.at(MINUTE + 4 * MINUTE);
    await s.pipeline.tick();
    expect((await s.sole()).status).toBe('new');

    s.at(MINUTE + 5 * MINUTE);
    await s.pipeline.tick();
    expect(await s.sole()).toMatchObject({
      status: 'resolved',
      resolvedAt: T0 + 6 * MINUTE,
      resolveDueAt: null,
    });
    expect((await s.actions('INC-000001')).slice(-2)).toEqual(['hold_down', 'resolved']);
    expect(await s.metrics()).toContain('vigil_incident_time_to_resolve_seconds_sum{priority="P3"} 360');

    // Nothing left to do on the next tick.
    s.at(HOUR);
    expect(await s.pipeline.tick()).toBe(0);
  });

  it('cancels the hold-down when the alert fires again', async () => {
    const s = scenario({ policy: { holdDownMs } });
    await s.push(disk());
    s.at(MINUTE);
    await s.push(diskOk());
    s.at(3 * MINUTE);
    const [refire] = await s.push(disk());
    expect(refire).toMatchObject({ decision: 'fired', incidentId: 'INC-000001' });
    expect(await s.sole()).toMatchObject({ status: 'new', resolveDueAt: null });
    expect((await s.actions('INC-000001')).slice(-2)).toEqual(['hold_down', 'hold_down_cancelled']);

    for (const t of [6 * MINUTE, 10 * MINUTE, HOUR]) {
      s.at(t);
      await s.pipeline.tick();
      expect((await s.sole()).status).toBe('new');
    }
  });

  it('does not resolve by timer an incident an operator resolved meanwhile', async () => {
    const s = scenario({ policy: { holdDownMs } });
    await s.push(disk());
    s.at(MINUTE);
    await s.push(diskOk());
    s.at(2 * MINUTE);
    await s.pipeline.act('INC-000001', { kind: 'resolve' }, 'ann');
    s.at(10 * MINUTE);
    expect(await s.pipeline.tick()).toBe(0);
    expect(await s.sole()).toMatchObject({ status: 'resolved', resolvedAt: T0 + 2 * MINUTE });
  });
});

describe('acceptance: severity', () => {
  it('never opens an incident for info events', async () => {
    const s = scenario();
    const receipts = await s.push(disk({ severity: 'info' }), disk({ severity: 'info', resource: 'web-2' }));
    expect(receipts.every((r) => r.incidentId === null && r.status === 'accepted')).toBe(true);
    expect(await s.incidents()).toEqual([]);
    const alert = await s.store.getAlert(receipts[0]!.fingerprint);
    expect(alert).toMatchObject({ state: 'firing', incidentId: null });
    expect(alert!.reasons.at(-1)).toMatchObject({ by: 'incident', reason: 'below_min_severity' });
    s.at(MINUTE);
    await s.push(disk({ severity: 'info' }));
    expect(await s.incidents()).toEqual([]);
    expect(await s.metrics()).not.toContain('vigil_incidents_created_total{');
  });

  it('opens an incident when an info alert becomes critical without recovering first', async () => {
    const s = scenario();
    await s.push(disk({ severity: 'info' }));
    s.at(MINUTE);
    const [critical] = await s.push(disk({ severity: 'critical' }));
    expect(critical).toMatchObject({ decision: 'repeat', incidentId: 'INC-000001' });
    expect(await s.sole()).toMatchObject({ priority: 'P3', urgency: 'urgent', createdAt: T0 + MINUTE });
    expect((await s.store.getAlert(critical!.fingerprint))!.incidentId).toBe('INC-000001');
  });

  it('reopens the incident when a recovered alert returns as info and then turns critical', async () => {
    const s = scenario();
    await s.push(disk());
    s.at(MINUTE);
    await s.push(diskOk());
    s.at(2 * MINUTE);
    await s.push(disk({ severity: 'info' }));
    expect((await s.sole()).status).toBe('resolved');
    s.at(3 * MINUTE);
    const [critical] = await s.push(disk({ severity: 'critical' }));
    expect(critical!.incidentId).toBe('INC-000001');
    expect(await s.sole()).toMatchObject({ status: 'new', resolvedAt: null });
    expect((await s.actions('INC-000001')).at(-1)).toBe('reopened');
  });

  it('raises the priority of a reopened incident when the failure returns more severe', async () => {
    const s = scenario();
    await s.push(disk({ severity: 'warning' }));
    s.at(MINUTE);
    await s.push(diskOk());
    s.at(2 * MINUTE);
    await s.push(disk({ severity: 'critical' }));
    expect(await s.sole()).toMatchObject({ status: 'new', priority: 'P3', urgency: 'urgent' });
    expect((await s.actions('INC-000001')).slice(-2)).toEqual(['reopened', 'priority_raised']);
  });

  it('raises the priority of the open incident when warning becomes critical', async () => {
    const s = scenario();
    await s.push(disk({ severity: 'warning' }));
    expect(await s.sole()).toMatchObject({ priority: 'P5', urgency: 'low' });
    s.at(MINUTE);
    const [raise] = await s.push(disk({ severity: 'critical' }));
    expect(raise).toMatchObject({ decision: 'repeat', incidentId: 'INC-000001' });
    expect(await s.sole()).toMatchObject({ priority: 'P3', urgency: 'urgent', impact: 'local' });
    const timeline = await s.store.getTimeline('INC-000001');
    expect(timeline.at(-1)).toMatchObject({ action: 'priority_raised', detail: 'P5 -> P3', at: T0 + MINUTE });

    // Falling back to warning does not lower it.
    s.at(2 * MINUTE);
    await s.push(disk({ severity: 'warning' }));
    expect((await s.sole()).priority).toBe('P3');
  });
});

describe('acceptance: idempotent retries', () => {
  const batch = () => [
    disk({ id: 'agent-1:1' }),
    disk({ id: 'agent-1:2', resource: 'web-2' }),
    disk({ id: 'agent-1:3' }),
  ];

  it('acknowledges a retried batch as duplicates without counting or opening anything twice', async () => {
    const s = scenario();
    const first = await s.push(...batch());
    expect(first.map((r) => [r.id, r.status, r.incidentId])).toEqual([
      ['agent-1:1', 'accepted', 'INC-000001'],
      ['agent-1:2', 'accepted', 'INC-000002'],
      ['agent-1:3', 'accepted', 'INC-000001'],
    ]);
    s.at(10 * SECOND);
    const retry = await s.push(...batch());
    expect(retry.map((r) => [r.id, r.status, r.decision, r.incidentId])).toEqual([
      ['agent-1:1', 'duplicate', 'duplicate_id', 'INC-000001'],
      ['agent-1:2', 'duplicate', 'duplicate_id', 'INC-000002'],
      ['agent-1:3', 'duplicate', 'duplicate_id', 'INC-000001'],
    ]);
    expect(retry.map((r) => r.fingerprint)).toEqual(first.map((r) => r.fingerprint));
    expect(await s.incidents()).toHaveLength(2);
    expect((await s.store.getAlert(first[0]!.fingerprint))!.count).toBe(2);
    expect(await s.store.countEvents()).toBe(3);
    expect(await s.metrics()).toContain('vigil_events_deduplicated_total{reason="duplicate_id"} 3');
  });

  it('treats a repeated id inside one batch as a retry', async () => {
    const s = scenario();
    const receipts = await s.push(disk({ id: 'x' }), disk({ id: 'x' }));
    expect(receipts.map((r) => [r.status, r.incidentId])).toEqual([
      ['accepted', 'INC-000001'],
      ['duplicate', 'INC-000001'],
    ]);
    expect((await s.store.getAlert(receipts[0]!.fingerprint))!.count).toBe(1);
    expect(await s.store.countEvents()).toBe(1);
  });

  it('handles the same batch sent twice at once (a retry racing the original)', async () => {
    const s = scenario();
    const [a, b] = await Promise.all([s.push(...batch()), s.push(...batch())]);
    const all = [...a!, ...b!];
    expect(all.filter((r) => r.status === 'accepted')).toHaveLength(3);
    expect(all.filter((r) => r.status === 'duplicate')).toHaveLength(3);
    expect(b!.map((r) => r.incidentId)).toEqual(a!.map((r) => r.incidentId));
    expect(await s.incidents()).toHaveLength(2);
    expect(await s.store.countEvents()).toBe(3);
  });

  it('rejects a batch with a bad time without storing anything, and keeps other batches apart', async () => {
    const s = scenario();
    const bad = s.push(disk({ id: 'good-1' }), disk({ id: 'bad-1', time: 'soon' }));
    const good = s.push(disk({ id: 'good-2', resource: 'db-1' }));
    await expect(bad).rejects.toBeInstanceOf(VigilError);
    await expect(bad).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
    expect((await good)[0]).toMatchObject({ status: 'accepted', incidentId: 'INC-000001' });
    expect(await s.store.countEvents()).toBe(1);
    expect((await s.store.loadBatchState([], ['good-1', 'bad-1', 'good-2'])).knownEventIds).toEqual(
      new Set(['good-2']),
    );
  });
});

describe('acceptance: impact from the CMDB', () => {
  /** A host with `n` services running on it (or, with `contains`, `n` filesystems in it). */
  async function hostWith(
    s: ReturnType<typeof scenario>,
    name: string,
    n: number,
    type: 'runs_on' | 'contains',
  ) {
    const children = Array.from(
      { length: n },
      (_, i): CiObservation =>
        type === 'runs_on'
          ? {
              ref: `svc${i}`,
              class: 'service',
              name: `${name}-svc-${i}`,
              identifiers: { name: `${name}-svc-${i}` },
              attributes: {},
            }
          : {
              ref: `fs${i}`,
              class: 'filesystem',
              name: `/data${i}`,
              identifiers: { mount: `/data${i}` },
              attributes: {},
            },
    );
    const result = await s.cmdb.observe({
      source: 'host',
      observedAt: s.clock.now(),
      cis: [
        {
          ref: 'host',
          class: 'host',
          name,
          identifiers: { serial: `SN-${name}`, hostname: name },
          attributes: {},
        },
        ...children,
      ],
      relations: children.map((c) =>
        type === 'runs_on'
          ? { from: c.ref, to: 'host', type: 'runs_on' as const }
          : { from: 'host', to: c.ref, type: 'contains' as const },
      ),
    });
    return result.ids.get('host')!;
  }

  it('makes a critical failure of a host with 12 dependents global and P1', async () => {
    const s = scenario();
    const hostId = await hostWith(s, 'hv-1', 12, 'runs_on');
    const [receipt] = await s.push(disk({ resource: 'hv-1', check: 'host.down', summary: 'hv-1 is down' }));
    expect(receipt!.incidentId).toBe('INC-000001');
    const incident = await s.sole();
    expect(incident).toMatchObject({
      category: 'availability',
      impact: 'global',
      urgency: 'urgent',
      priority: 'P1',
      assignmentGroup: 'system-admins',
      ciIds: [hostId],
    });
    const classified = (await s.store.getTimeline(incident.id)).filter((e) => e.action === 'classified');
    expect(classified.map((e) => e.detail).join('\n')).toContain('12 dependent CIs');
    expect(await s.metrics()).toContain(
      'vigil_incidents_created_total{priority="P1",category="availability"} 1',
    );
  });

  it('makes a host with 4 dependents department impact, and one with contained parts only local', async () => {
    const s = scenario();
    await hostWith(s, 'app-1', 4, 'runs_on');
    await hostWith(s, 'nas-1', 12, 'contains');
    await s.push(disk({ resource: 'app-1' }), disk({ resource: 'nas-1' }));
    const byResource = new Map((await s.incidents()).map((i) => [i.title.split(':')[0], i]));
    expect(byResource.get('app-1')).toMatchObject({ impact: 'department', priority: 'P2' });
    expect(byResource.get('nas-1')).toMatchObject({ impact: 'local', priority: 'P3' });
  });

  it('binds an alert to the CI named by its ci label', async () => {
    const s = scenario();
    const hostId = await hostWith(s, 'hv-2', 12, 'runs_on');
    await s.push(disk({ resource: '10.0.0.7', labels: { mount: '/', ci: hostId } }));
    expect(await s.sole()).toMatchObject({ ciIds: [hostId], impact: 'global', priority: 'P1' });
  });
});

describe('acceptance: operator actions', () => {
  it('acknowledges (MTTA), resolves (MTTR) and closes, each on the timeline with its actor', async () => {
    const s = scenario();
    await s.push(disk());

    s.at(5 * MINUTE);
    const acked = await s.pipeline.act('INC-000001', { kind: 'acknowledge' }, 'ann');
    expect(acked).toMatchObject({
      status: 'in_progress',
      acknowledgedAt: T0 + 5 * MINUTE,
      assignee: 'ann',
      version: 2,
    });
    expect(await s.store.getIncident('INC-000001')).toMatchObject({
      acknowledgedAt: T0 + 5 * MINUTE,
      version: 2,
    });
    let text = await s.metrics();
    expect(text).toContain('vigil_incident_time_to_acknowledge_seconds_count{priority="P3"} 1');
    expect(text).toContain('vigil_incident_time_to_acknowledge_seconds_sum{priority="P3"} 300');
    expect(text).toContain('vigil_incident_time_to_acknowledge_seconds_bucket{le="300",priority="P3"} 1');
    expect(text).toContain('vigil_incident_time_to_acknowledge_seconds_bucket{le="60",priority="P3"} 0');

    // A second acknowledgement keeps the first time and is not a second MTTA sample.
    s.at(6 * MINUTE);
    expect((await s.pipeline.act('INC-000001', { kind: 'acknowledge' }, 'bob')).acknowledgedAt).toBe(
      T0 + 5 * MINUTE,
    );
    expect(await s.metrics()).toContain('vigil_incident_time_to_acknowledge_seconds_count{priority="P3"} 1');

    s.at(20 * MINUTE);
    await s.pipeline.act('INC-000001', { kind: 'note', text: 'freed 20 GB' }, 'ann');
    await s.pipeline.act('INC-000001', { kind: 'resolve', note: 'rotated logs' }, 'ann');
    s.at(HOUR);
    const closed = await s.pipeline.act('INC-000001', { kind: 'close' }, 'carl');
    expect(closed).toMatchObject({ status: 'closed', resolvedAt: T0 + 20 * MINUTE, closedAt: T0 + HOUR });

    const timeline = await s.store.getTimeline('INC-000001');
    expect(timeline.slice(2).map((e) => [e.action, e.actor, e.fromStatus, e.toStatus])).toEqual([
      ['acknowledge', 'ann', 'new', 'in_progress'],
      ['acknowledge', 'bob', 'in_progress', 'in_progress'],
      ['note', 'ann', 'in_progress', 'in_progress'],
      ['resolve', 'ann', 'in_progress', 'resolved'],
      ['close', 'carl', 'resolved', 'closed'],
    ]);
    text = await s.metrics();
    expect(text).toContain('vigil_incident_time_to_resolve_seconds_count{priority="P3"} 1');
    expect(text).toContain('vigil_incident_time_to_resolve_seconds_sum{priority="P3"} 1200');
    expect(text).toContain('vigil_incident_transitions_total{action="close"} 1');
  });

  it('refuses invalid transitions with VIGIL_ERR_INVALID_TRANSITION and changes nothing', async () => {
    const s = scenario();
    await s.push(disk());
    const before = await s.store.getIncident('INC-000001');
    const timelineBefore = await s.store.getTimeline('INC-000001');
    await expect(s.pipeline.act('INC-000001', { kind: 'close' }, 'ann')).rejects.toMatchObject({
      code: 'VIGIL_ERR_INVALID_TRANSITION',
      status: 409,
    });
    expect(await s.store.getIncident('INC-000001')).toEqual(before);
    expect(await s.store.getTimeline('INC-000001')).toEqual(timelineBefore);

    await s.pipeline.act('INC-000001', { kind: 'resolve' }, 'ann');
    await s.pipeline.act('INC-000001', { kind: 'close' }, 'ann');
    for (const kind of ['acknowledge', 'resolve', 'close', 'assign'] as const) {
      await expect(s.pipeline.act('INC-000001', { kind }, 'ann')).rejects.toMatchObject({
        code: 'VIGIL_ERR_INVALID_TRANSITION',
      });
    }
    await expect(s.pipeline.act('INC-000404', { kind: 'acknowledge' }, 'ann')).rejects.toMatchObject({
      code: 'VIGIL_ERR_NOT_FOUND',
      status: 404,
    });
  });

  it('reopens an operator-resolved incident as in progress when the failure recovers and returns', async () => {
    const s = scenario();
    await s.push(disk());
    s.at(MINUTE);
    await s.pipeline.act('INC-000001', { kind: 'acknowledge' }, 'ann');
    await s.pipeline.act('INC-000001', { kind: 'resolve' }, 'ann');
    // Still firing: repeats do not reopen it.
    s.at(2 * MINUTE);
    await s.push(disk());
    expect((await s.sole()).status).toBe('resolved');
    s.at(3 * MINUTE);
    await s.push(diskOk());
    s.at(4 * MINUTE);
    await s.push(disk());
    expect(await s.sole()).toMatchObject({
      status: 'in_progress',
      acknowledgedAt: T0 + MINUTE,
      resolvedAt: null,
    });
  });
});
