import { afterEach, describe, expect, it } from 'vitest';
import { presentIncident } from '../../correlator/api/present.js';
import type { AlertRecord } from '../../correlator/model/records.js';
import { Pipeline } from '../../correlator/pipeline/pipeline.js';
import { MINUTE, makeCi, SECOND, T0 } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

afterEach(closeScenarios);

const PER_SERVICE = `correlation:
  - kind: grouping
    name: per-service
    matchers: ['service!=""']
    groupBy: [service]
    window: 10m
`;

const LINK_SERVICE = `correlation:
  - { kind: grouping, name: service-links, groupBy: [service], window: 10m, mode: link }
`;

const THRESHOLD = `correlation:
  - kind: grouping
    name: http-errors
    matchers: ['check="http.errors"']
    groupBy: [check]
    window: 10m
    threshold: { count: 3, within: 5m }
`;

const RELATED = `correlation:
  - { kind: grouping, name: related-cis, cmdb: related, window: 10m }
`;

const SAME_CI = `correlation:
  - { kind: grouping, name: per-ci, cmdb: same_ci, window: 10m }
`;

const svc = (resource: string, service: string) => disk({ resource, labels: { mount: '/', service } });
const http = (resource: string) =>
  disk({ resource, check: 'http.errors', summary: '5xx rate high', labels: {}, severity: 'major' });

type S = ReturnType<typeof scenario>;
const alertOf = async (s: S, resource: string, check = 'filesystem.used_percent'): Promise<AlertRecord> =>
  (await s.store.listAlerts({ limit: 1000 })).items.find(
    (a) => a.resource === resource && a.check === check,
  )!;
const reasonsOf = (alert: AlertRecord) => alert.reasons.map((r) => `${r.by} ${r.reason}`);

describe('acceptance: grouping by labels', () => {
  it('merges alerts with the same label values into one incident within the window, and starts over after it', async () => {
    const s = scenario({ rules: [PER_SERVICE] });
    s.at(0);
    await s.push(svc('web-1', 'checkout'));
    s.at(1 * MINUTE);
    // Two in one batch: grouped with each other exactly as if sent one by one.
    await s.push(svc('web-2', 'checkout'), svc('search-1', 'search'), svc('web-4', 'checkout'));
    let incidents = await s.incidents();
    expect(incidents.map((i) => [i.id, i.alertFingerprints.length]).sort()).toEqual([
      ['INC-000001', 3],
      ['INC-000002', 1],
    ]);
    const joined = await alertOf(s, 'web-2');
    expect(joined.incidentId).toBe('INC-000001');
    expect(joined.reasons.at(-1)).toMatchObject({
      by: 'rule:per-service',
      reason: 'grouped',
      detail: 'into INC-000001 (service=checkout within 10m)',
    });
    expect(await s.actions('INC-000001')).toContain('alert_attached');

    // An alert without the label is not selected by the rule's matcher: its own incident.
    await s.push(disk({ resource: 'web-5' }));
    expect((await alertOf(s, 'web-5')).incidentId).toBe('INC-000003');

    // 10m after the group's incident opened, the window is over: a new incident starts the group again.
    s.at(10 * MINUTE + SECOND);
    await s.push(svc('web-3', 'checkout'));
    expect((await alertOf(s, 'web-3')).incidentId).toBe('INC-000004');
    s.at(11 * MINUTE);
    await s.push(svc('web-6', 'checkout'));
    expect((await alertOf(s, 'web-6')).incidentId).toBe('INC-000004');
    incidents = await s.incidents();
    expect(incidents).toHaveLength(4);
  });

  it('does not join a resolved incident: the group starts over', async () => {
    const s = scenario({ rules: [PER_SERVICE] });
    s.at(0);
    await s.push(svc('web-1', 'checkout'));
    s.at(MINUTE);
    await s.push(diskOk({ resource: 'web-1', labels: { mount: '/', service: 'checkout' } }));
    expect((await s.sole()).status).toBe('resolved');
    s.at(2 * MINUTE);
    await s.push(svc('web-2', 'checkout'));
    expect((await alertOf(s, 'web-2')).incidentId).toBe('INC-000002');
  });

  it('keeps groups in the store: a restarted pipeline joins the group a previous one opened', async () => {
    const s = scenario({ rules: [PER_SERVICE] });
    s.at(0);
    await s.push(svc('web-1', 'checkout'));
    const restarted = new Pipeline({
      store: s.store,
      clock: s.clock,
      policy: (await import('../../correlator/incidents/policy.js')).DEFAULT_INCIDENT_POLICY,
      metrics: (await import('../../correlator/metrics/vigil-metrics.js')).createVigilMetrics(
        new (await import('prom-client')).Registry(),
      ),
      rules: s.rules,
    });
    s.at(2 * MINUTE);
    await restarted.ingest([svc('web-2', 'checkout')]);
    expect((await alertOf(s, 'web-2')).incidentId).toBe('INC-000001');
    expect((await s.sole()).alertFingerprints).toHaveLength(2);
  });
});

describe('acceptance: correlate without merging', () => {
  it('opens an own incident per alert and links them both ways, with the reason on both', async () => {
    const s = scenario({ rules: [LINK_SERVICE] });
    s.at(0);
    await s.push(svc('web-1', 'checkout'));
    s.at(MINUTE);
    await s.push(svc('web-2', 'checkout'));
    const first = (await s.store.getIncident('INC-000001'))!;
    const second = (await s.store.getIncident('INC-000002'))!;
    expect(first.relatedIncidentIds).toEqual(['INC-000002']);
    expect(second.relatedIncidentIds).toEqual(['INC-000001']);
    expect(presentIncident(second).relatedIncidentIds).toEqual(['INC-000001']);
    const timeline = await s.store.getTimeline('INC-000002');
    expect(timeline.find((e) => e.action === 'linked')?.detail).toBe(
      'linked to INC-000001: related by grouping rule service-links (service=checkout within 10m)',
    );
    expect(reasonsOf(await alertOf(s, 'web-2'))).toContain('rule:service-links linked');
    // A third alert links to the group's first incident.
    await s.push(svc('web-3', 'checkout'));
    expect((await s.store.getIncident('INC-000003'))!.relatedIncidentIds).toEqual(['INC-000001']);
    expect((await s.store.getIncident('INC-000001'))!.relatedIncidentIds).toEqual([
      'INC-000002',
      'INC-000003',
    ]);
  });
});

describe('acceptance: open an incident only after N matching alerts in T', () => {
  it('stores and explains alerts as waiting_for_threshold, then opens one incident with all of them', async () => {
    const s = scenario({ rules: [THRESHOLD] });
    s.at(0);
    await s.push(http('web-1'));
    s.at(MINUTE);
    await s.push(http('web-2'));
    expect(await s.incidents()).toEqual([]);
    const waiting = await alertOf(s, 'web-2', 'http.errors');
    expect(waiting).toMatchObject({ state: 'firing', incidentId: null });
    expect(waiting.reasons.at(-1)).toMatchObject({
      by: 'rule:http-errors',
      reason: 'waiting_for_threshold',
      detail: '2 of 3 matching alerts within 5m; no incident yet',
    });
    // A repeat of a waiting alert is not another matching alert.
    await s.push(http('web-2'));
    expect(await s.incidents()).toEqual([]);

    s.at(2 * MINUTE);
    await s.push(http('web-3'));
    const incident = await s.sole();
    expect(incident.alertFingerprints).toHaveLength(3);
    expect(incident.firingFingerprints).toHaveLength(3);
    for (const resource of ['web-1', 'web-2', 'web-3']) {
      expect((await alertOf(s, resource, 'http.errors')).incidentId).toBe(incident.id);
    }
    expect(reasonsOf(await alertOf(s, 'web-3', 'http.errors'))).toContain(
      'rule:http-errors threshold_reached',
    );
    expect(reasonsOf(await alertOf(s, 'web-1', 'http.errors'))).toContain('rule:http-errors grouped');

    // Once open, further matching alerts join it within the window.
    s.at(3 * MINUTE);
    await s.push(http('web-4'));
    expect((await s.sole()).alertFingerprints).toHaveLength(4);
    // Every decision is counted with its stage, reason and rule.
    const metrics = await s.metrics();
    for (const line of [
      'vigil_correlation_decisions_total{stage="grouping",reason="waiting_for_threshold",rule="http-errors"} 2',
      'vigil_correlation_decisions_total{stage="grouping",reason="threshold_reached",rule="http-errors"} 1',
      'vigil_correlation_decisions_total{stage="grouping",reason="grouped",rule="http-errors"} 3',
      'vigil_correlation_decisions_total{stage="incident",reason="opened_incident",rule="none"} 1',
    ]) {
      expect(metrics).toContain(line);
    }
  });

  it('counts only alerts within T that still fire', async () => {
    const s = scenario({ rules: [THRESHOLD] });
    s.at(0);
    await s.push(http('web-1'));
    s.at(MINUTE);
    await s.push(http('web-2'));
    await s.push({ ...http('web-2'), status: 'resolved', severity: 'ok' });
    s.at(2 * MINUTE);
    await s.push(http('web-3'));
    expect(await s.incidents()).toEqual([]);
    // web-1 falls out of the 5m window: still two of three.
    s.at(6 * MINUTE);
    await s.push(http('web-4'));
    expect(await s.incidents()).toEqual([]);
    s.at(6 * MINUTE + SECOND);
    await s.push(http('web-5'));
    const incident = await s.sole();
    expect(incident.alertFingerprints).toHaveLength(3);
    expect((await alertOf(s, 'web-1', 'http.errors')).incidentId).toBeNull();
    expect((await alertOf(s, 'web-2', 'http.errors')).incidentId).toBeNull();
  });
});

describe('acceptance: grouping by CMDB relationship', () => {
  async function withCis(rules: string) {
    const s = scenario({ rules: [rules] });
    await s.store.commitCmdb({
      cis: [
        makeCi({ id: 'CI-000001', name: 'db-1' }),
        makeCi({ id: 'CI-000002', name: 'app-1' }),
        makeCi({ id: 'CI-000003', name: 'web-9' }),
      ],
      relations: [
        {
          fromId: 'CI-000002',
          toId: 'CI-000001',
          type: 'depends_on',
          source: 'test',
          confidence: 1,
          since: T0,
        },
      ],
      history: [],
    });
    return s;
  }

  it('groups alerts of related CIs (one depends on the other) and keeps unrelated ones apart', async () => {
    const s = await withCis(RELATED);
    s.at(0);
    await s.push(disk({ resource: 'db-1' }));
    s.at(MINUTE);
    await s.push(disk({ resource: 'app-1', check: 'http.latency' }), disk({ resource: 'web-9' }));
    const app = await alertOf(s, 'app-1', 'http.latency');
    expect(app.incidentId).toBe('INC-000001');
    expect(app.reasons.at(-1)).toMatchObject({
      by: 'rule:related-cis',
      reason: 'grouped',
      detail: 'into INC-000001 (related CI within 10m)',
    });
    expect((await s.store.getIncident('INC-000001'))!.ciIds).toEqual(['CI-000001', 'CI-000002']);
    expect((await alertOf(s, 'web-9')).incidentId).toBe('INC-000002');
    // Alerts about resources outside the CMDB are not grouped by a CMDB rule.
    await s.push(disk({ resource: 'unknown-1' }), disk({ resource: 'unknown-2' }));
    expect(await s.incidents()).toHaveLength(4);
  });

  it('groups only alerts of the same CI with same_ci', async () => {
    const s = await withCis(SAME_CI);
    s.at(0);
    await s.push(disk({ resource: 'db-1' }));
    await s.push(disk({ resource: 'db-1', check: 'memory.used_percent' }), disk({ resource: 'app-1' }));
    expect((await alertOf(s, 'db-1', 'memory.used_percent')).incidentId).toBe('INC-000001');
    expect((await alertOf(s, 'app-1')).incidentId).toBe('INC-000002');
  });
});

describe('acceptance: grouping rules reloaded mid-scenario', () => {
  it('groups only after the reload that adds the rule', async () => {
    const s = scenario();
    s.at(0);
    await s.push(svc('web-1', 'checkout'), svc('web-2', 'checkout'));
    expect(await s.incidents()).toHaveLength(2);
    s.writeRules(PER_SERVICE);
    await s.reload();
    s.at(MINUTE);
    await s.push(svc('web-3', 'checkout'), svc('web-4', 'checkout'));
    expect((await alertOf(s, 'web-4')).incidentId).toBe((await alertOf(s, 'web-3')).incidentId);
    expect(await s.incidents()).toHaveLength(3);
  });
});
