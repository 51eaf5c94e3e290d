import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, testCorrelator } from '../../test/support/correlator-fixture.js';
import { webhook } from '../../test/support/ingest-bodies.js';
import { MINUTE, SECOND, T0 } from '../../test/support/records.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

beforeEach(async () => {
  c = await testCorrelator({ limits: { bodyBytes: 256 * 1024, batchEvents: 50 } });
  c.clock.set(T0);
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = bearer('agent')) =>
  c.app.inject({ method: 'POST', url, headers, payload: payload as object });
const postRaw = (url: string, payload: string) =>
  c.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer('agent'), 'content-type': 'application/json' },
    payload,
  });

async function storedState() {
  return {
    events: await c.store.countEvents(),
    alerts: (await c.store.listAlerts({ limit: 1000 })).items,
    incidents: (await c.store.listIncidents({ limit: 1000 })).items,
  };
}
const incidents = async () => (await c.store.listIncidents({ limit: 100 })).items;
const iso = (ms: number) => new Date(ms).toISOString();

const PROM = '/api/v2/alerts';
const AM = '/api/v1/integrations/alertmanager';
const PD = '/api/v1/integrations/pagerduty';

/** One alert as Prometheus sends it at `now`, valid for 4 minutes. */
const promAlert = (now: number, labels: Record<string, string> = {}) => ({
  labels: { alertname: 'InstanceDown', instance: 'web-1:9100', job: 'node', severity: 'critical', ...labels },
  annotations: { summary: 'web-1 is down' },
  startsAt: iso(T0),
  endsAt: iso(now + 4 * MINUTE),
  generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
});

describe('POST /api/v2/alerts (Prometheus)', () => {
  it('answers 200 with an empty body and opens one incident for resends', async () => {
    const res = await post(PROM, [promAlert(T0)]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    c.clock.set(T0 + MINUTE);
    expect((await post(PROM, [promAlert(T0 + MINUTE)])).statusCode).toBe(200);
    const [incident, ...rest] = await incidents();
    expect(rest).toHaveLength(0);
    expect(incident).toMatchObject({ status: 'new', priority: expect.stringMatching(/^P[1-5]$/) });
    const [alert] = (await c.store.listAlerts({ limit: 10 })).items;
    expect(alert).toMatchObject({
      source: 'prometheus',
      resource: 'web-1:9100',
      check: 'InstanceDown',
      count: 2,
    });
    expect(alert!.expiresAt).toBe(T0 + 5 * MINUTE);
  });

  it('resolves an alert whose endsAt passes without a refresh, through the timer', async () => {
    await post(PROM, [promAlert(T0)]); // fire at t, valid until t+4m
    c.clock.set(T0 + MINUTE);
    await post(PROM, [promAlert(T0 + MINUTE)]); // refresh at t+1m, valid until t+5m
    c.clock.set(T0 + 4 * MINUTE + 30 * SECOND);
    await c.pipeline.tick();
    expect((await incidents())[0]!.status).toBe('new');

    c.clock.set(T0 + 5 * MINUTE + SECOND); // nothing since: endsAt has passed
    await c.pipeline.tick();
    const [incident] = await incidents();
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: T0 + 5 * MINUTE + SECOND });
    const [alert] = (await c.store.listAlerts({ limit: 10 })).items;
    expect(alert).toMatchObject({ state: 'resolved', count: 3 });
    expect(alert!.expiresAt).toBeUndefined();
    expect(await c.store.alertsExpiringBefore(T0 + HOURISH, 10)).toEqual([]);
    // The expiry event is in the raw log like any other event.
    expect(await c.store.countEvents()).toBe(3);

    // A later resend fires it again (reopen rules decide about the incident).
    c.clock.set(T0 + 6 * MINUTE);
    await post(PROM, [promAlert(T0 + 6 * MINUTE)]);
    expect((await c.store.listAlerts({ limit: 10 })).items[0]!.state).toBe('firing');
  });

  it('resolves at once when Prometheus sends endsAt in the past', async () => {
    await post(PROM, [promAlert(T0)]);
    c.clock.set(T0 + MINUTE);
    await post(PROM, [{ ...promAlert(T0), endsAt: iso(T0 + 30 * SECOND) }]);
    expect((await incidents())[0]!.status).toBe('resolved');
  });

  it('accepts an empty array like Alertmanager, storing nothing', async () => {
    const res = await post(PROM, []);
    expect(res.statusCode).toBe(200);
    expect(await c.store.countEvents()).toBe(0);
  });
});

describe('POST /api/v1/integrations/alertmanager', () => {
  it('answers 200 {status, accepted} and follows firing then resolved notifications', async () => {
    const firing = webhook({ alerts: [webhook().alerts[0]!] });
    const res = await post(AM, firing);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', accepted: 1 });
    expect((await post(AM, firing)).statusCode).toBe(200);
    expect(await incidents()).toHaveLength(1);

    c.clock.set(T0 + MINUTE);
    const resolved = webhook({
      status: 'resolved',
      alerts: [{ ...webhook().alerts[0]!, status: 'resolved', endsAt: iso(T0 + MINUTE) }],
    });
    expect((await post(AM, resolved)).json()).toEqual({ status: 'ok', accepted: 1 });
    const [incident] = await incidents();
    expect(incident).toMatchObject({ status: 'resolved' });
    const [alert] = (await c.store.listAlerts({ limit: 10 })).items;
    expect(alert).toMatchObject({ source: 'alertmanager', state: 'resolved', count: 3 });
  });
});

describe('POST /api/v1/integrations/pagerduty', () => {
  const trigger = {
    routing_key: 'R0123456789abcdef0123456789abcdef',
    event_action: 'trigger',
    dedup_key: 'db-1/replication',
    payload: {
      summary: 'Replication lag on db-1',
      source: 'db-1',
      severity: 'critical',
      class: 'replication',
    },
  };

  it('answers 202 with PagerDuty body; acknowledge then resolve act on the incident', async () => {
    const res = await post(PD, trigger);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'db-1/replication',
    });
    const [created] = await incidents();
    expect(created).toMatchObject({ status: 'new', acknowledgedAt: null });

    c.clock.set(T0 + MINUTE);
    const ack = await post(PD, {
      routing_key: 'r',
      event_action: 'acknowledge',
      dedup_key: 'db-1/replication',
    });
    expect(ack.statusCode).toBe(202);
    expect((await incidents())[0]).toMatchObject({ acknowledgedAt: T0 + MINUTE });
    const timeline = await c.store.getTimeline(created!.id);
    expect(timeline.at(-1)).toMatchObject({ actor: 'pagerduty', action: 'acknowledge' });
    // A second acknowledge changes nothing.
    await post(PD, { routing_key: 'r', event_action: 'acknowledge', dedup_key: 'db-1/replication' });
    expect(await c.store.getTimeline(created!.id)).toHaveLength(timeline.length);

    c.clock.set(T0 + 2 * MINUTE);
    const resolve = await post(PD, {
      routing_key: 'r',
      event_action: 'resolve',
      dedup_key: 'db-1/replication',
    });
    expect(resolve.json()).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'db-1/replication',
    });
    expect((await incidents())[0]).toMatchObject({ status: 'resolved' });
    const [alert] = (await c.store.listAlerts({ limit: 10 })).items;
    expect(alert).toMatchObject({
      source: 'pagerduty',
      resource: 'db-1',
      state: 'resolved',
      check: 'replication',
    });
  });

  it('generates and returns a dedup key when the trigger has none', async () => {
    const res = await post(PD, { ...trigger, dedup_key: undefined });
    expect(res.statusCode).toBe(202);
    const key = res.json().dedup_key as string;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    await post(PD, { routing_key: 'r', event_action: 'resolve', dedup_key: key });
    expect((await incidents())[0]!.status).toBe('resolved');
  });

  it('accepts resolve and acknowledge of unknown keys, changing nothing', async () => {
    const before = await storedState();
    for (const event_action of ['resolve', 'acknowledge']) {
      const res = await post(PD, { routing_key: 'r', event_action, dedup_key: 'never-seen' });
      expect(res.statusCode).toBe(202);
    }
    expect(await storedState()).toEqual(before);
  });
});

describe('bad input to the ingest adapters', () => {
  const manyLabels = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v']));
  const cases: Array<[string, string, unknown, number, string]> = [
    ['prometheus: not an array', PROM, { labels: { alertname: 'A' } }, 400, 'VIGIL_ERR_VALIDATION'],
    ['prometheus: no alertname', PROM, [{ labels: { job: 'x' } }], 400, 'VIGIL_ERR_VALIDATION'],
    ['prometheus: no labels', PROM, [{ annotations: {} }], 400, 'VIGIL_ERR_VALIDATION'],
    [
      'prometheus: non-string label',
      PROM,
      [{ labels: { alertname: 'A', n: 1 } }],
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'prometheus: object label',
      PROM,
      [{ labels: { alertname: 'A', n: { a: 1 } } }],
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'prometheus: huge label set',
      PROM,
      [{ labels: { alertname: 'A', ...manyLabels } }],
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'prometheus: huge label value',
      PROM,
      [{ labels: { alertname: 'A', x: 'v'.repeat(1025) } }],
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'prometheus: bad endsAt',
      PROM,
      [{ labels: { alertname: 'A' }, endsAt: 'soon' }],
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'prometheus: too many alerts',
      PROM,
      Array.from({ length: 51 }, () => ({ labels: { alertname: 'A' } })),
      413,
      'VIGIL_ERR_BATCH_TOO_LARGE',
    ],
    [
      'alertmanager: no version',
      AM,
      { ...webhook(), version: undefined },
      400,
      'VIGIL_ERR_UNSUPPORTED_VERSION',
    ],
    ['alertmanager: version 3', AM, { ...webhook(), version: '3' }, 400, 'VIGIL_ERR_UNSUPPORTED_VERSION'],
    ['alertmanager: numeric version', AM, { ...webhook(), version: 4 }, 400, 'VIGIL_ERR_UNSUPPORTED_VERSION'],
    ['alertmanager: no alerts', AM, { ...webhook(), alerts: [] }, 400, 'VIGIL_ERR_EMPTY_BATCH'],
    ['alertmanager: alerts not an array', AM, { ...webhook(), alerts: {} }, 400, 'VIGIL_ERR_VALIDATION'],
    [
      'alertmanager: alert without fingerprint',
      AM,
      { ...webhook(), alerts: [{ status: 'firing', labels: { alertname: 'A' } }] },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'alertmanager: unknown alert status',
      AM,
      { ...webhook(), alerts: [{ ...webhook().alerts[0], status: 'pending' }] },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'alertmanager: non-string label',
      AM,
      { ...webhook(), alerts: [{ ...webhook().alerts[0], labels: { alertname: ['A'] } }] },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'alertmanager: too many alerts',
      AM,
      { ...webhook(), alerts: Array.from({ length: 51 }, () => webhook().alerts[0]) },
      413,
      'VIGIL_ERR_BATCH_TOO_LARGE',
    ],
    [
      'pagerduty: unknown event_action',
      PD,
      { routing_key: 'r', event_action: 'snooze' },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'pagerduty: trigger without payload',
      PD,
      { routing_key: 'r', event_action: 'trigger' },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'pagerduty: unknown severity',
      PD,
      {
        routing_key: 'r',
        event_action: 'trigger',
        payload: { summary: 's', source: 'x', severity: 'major' },
      },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'pagerduty: summary of the wrong type',
      PD,
      { routing_key: 'r', event_action: 'trigger', payload: { summary: 5, source: 'x', severity: 'info' } },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'pagerduty: no routing_key',
      PD,
      { event_action: 'resolve', dedup_key: 'k' },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'pagerduty: resolve without key',
      PD,
      { routing_key: 'r', event_action: 'resolve' },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'pagerduty: dedup_key too long',
      PD,
      { routing_key: 'r', event_action: 'resolve', dedup_key: 'k'.repeat(256) },
      400,
      'VIGIL_ERR_VALIDATION',
    ],
  ];

  for (const [name, url, payload, status, code] of cases) {
    it(`${name} -> ${status} ${code}, nothing stored changes`, async () => {
      await post(PROM, [promAlert(T0)]);
      const before = await storedState();
      const res = await post(url, payload);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(await storedState()).toEqual(before);
    });
  }

  for (const url of [PROM, AM, PD]) {
    it(`${url}: malformed JSON, prototype pollution and an oversized body are refused`, async () => {
      await post(PROM, [promAlert(T0)]);
      const before = await storedState();
      expect((await postRaw(url, '[{"labels":')).json().error.code).toBe('VIGIL_ERR_MALFORMED_JSON');
      const pollution =
        url === PROM ? '[{"labels":{"alertname":"A","__proto__":{"x":"1"}}}]' : '{"__proto__":{"x":1}}';
      expect((await postRaw(url, pollution)).json().error.code).toBe('VIGIL_ERR_MALFORMED_JSON');
      const big = await postRaw(url, JSON.stringify([{ labels: { alertname: 'x'.repeat(300 * 1024) } }]));
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('VIGIL_ERR_BODY_TOO_LARGE');
      expect(await storedState()).toEqual(before);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });

    it(`${url}: needs an ingest token`, async () => {
      expect((await post(url, [], {})).json().error.code).toBe('VIGIL_ERR_UNAUTHORIZED');
      expect((await post(url, [], bearer('viewer'))).json().error.code).toBe('VIGIL_ERR_FORBIDDEN');
    });
  }

  it('lists the three routes in /openapi.json', async () => {
    const doc = (await c.app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([PROM, AM, PD]));
  });
});

const HOURISH = 60 * MINUTE;
