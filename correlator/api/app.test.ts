import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';
import { ERRORS } from '../errors/catalogue.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

beforeEach(async () => {
  c = await testCorrelator({ limits: { bodyBytes: 1024 * 1024, batchEvents: 100 } });
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const post = (payload: unknown, headers: Record<string, string> = bearer('agent')) =>
  c.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: payload as object });

async function storedState() {
  return {
    events: await c.store.countEvents(),
    alerts: (await c.store.listAlerts({ limit: 1000 })).items,
    incidents: (await c.store.listIncidents({ limit: 1000 })).items,
  };
}

describe('POST /api/v1/events', () => {
  it('answers 202 with a receipt per event and opens a classified incident', async () => {
    const res = await post({ events: [event(), event({ resource: 'web-2' })] });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.items).toHaveLength(2);
    expect(body.items[0].id).toMatch(/[0-9a-f-]{36}/);
    expect(body.items[0].incidentId).toMatch(/^INC-\d{6}$/);

    const list = await c.app.inject({ url: '/api/v1/incidents', headers: bearer('viewer') });
    expect(list.statusCode).toBe(200);
    const incidents = list.json().items;
    expect(incidents).toHaveLength(2);
    expect(incidents[0]).toMatchObject({
      status: 'new',
      category: 'capacity',
      impact: 'local',
      urgency: 'high',
      priority: 'P4',
      assignmentGroup: 'system-admins',
      alertCount: 1,
      escalationLevel: 0,
      breaches: [],
      problemId: null,
      acknowledgedAt: null,
    });
  });

  it('accepts a bare array as the batch', async () => {
    const res = await post([event()]);
    expect(res.statusCode).toBe(202);
    expect(res.json().accepted).toBe(1);
  });

  it('deduplicates repeats into one alert with a count', async () => {
    await post({ events: [event(), event(), event({ labels: { mount: '/', value: '94' } })] });
    const res = await c.app.inject({ url: '/api/v1/alerts', headers: bearer('viewer') });
    const alerts = res.json().items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'firing', count: 3, resource: 'web-1' });
    expect(alerts[0].reasons.map((r: { reason: string }) => r.reason)).toContain('opened_incident');
  });

  it('acknowledges idempotent retries by client id without applying them twice', async () => {
    const batch = { events: [event({ id: 'agent-1:1' }), event({ id: 'agent-1:2', status: 'resolved' })] };
    await post(batch);
    const again = await post(batch);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    const alert = (await c.store.listAlerts({ limit: 10 })).items[0]!;
    expect(alert.count).toBe(2);
    expect(await c.store.countEvents()).toBe(2);
  });

  describe('bad input is refused with a VIGIL_ERR code and harms nothing', () => {
    const cases: Array<[string, () => Promise<{ statusCode: number; json(): any }>, number, string]> = [
      [
        'malformed JSON',
        () =>
          c.app.inject({
            method: 'POST',
            url: '/api/v1/events',
            headers: { ...bearer('agent'), 'content-type': 'application/json' },
            payload: '{"events": [',
          }),
        400,
        'VIGIL_ERR_MALFORMED_JSON',
      ],
      [
        'wrong types',
        () => post({ events: [event({ severity: 3, labels: 'x' })] }),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      [
        'unknown severity',
        () => post({ events: [event({ severity: 'disaster' })] }),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      ['unknown field', () => post({ events: [event({ host: 'x' })] }), 400, 'VIGIL_ERR_VALIDATION'],
      [
        'a non-string label value',
        () => post({ events: [event({ labels: { mount: 1 } })] }),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      [
        'an overlong label name',
        () => post({ events: [event({ labels: { ['x'.repeat(200)]: 'v' } })] }),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      [
        'too many labels',
        () =>
          post({
            events: [
              event({ labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v'])) }),
            ],
          }),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      ['missing field', () => post({ events: [{ source: 'x' }] }), 400, 'VIGIL_ERR_VALIDATION'],
      ['bad time', () => post({ events: [event({ time: 'yesterday' })] }), 400, 'VIGIL_ERR_VALIDATION'],
      ['empty batch', () => post({ events: [] }), 400, 'VIGIL_ERR_EMPTY_BATCH'],
      [
        'oversized batch',
        () => post({ events: Array.from({ length: 101 }, () => event()) }),
        413,
        'VIGIL_ERR_BATCH_TOO_LARGE',
      ],
      [
        'a 20 MB body',
        () =>
          c.app.inject({
            method: 'POST',
            url: '/api/v1/events',
            headers: { ...bearer('agent'), 'content-type': 'application/json' },
            payload: `{"events":[${'"x",'.repeat(5_000_000)}"x"]}`,
          }),
        413,
        'VIGIL_ERR_BODY_TOO_LARGE',
      ],
      [
        'a non-JSON content type',
        () =>
          c.app.inject({
            method: 'POST',
            url: '/api/v1/events',
            headers: { ...bearer('agent'), 'content-type': 'text/plain' },
            payload: 'hello',
          }),
        415,
        'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'prototype pollution',
        () =>
          c.app.inject({
            method: 'POST',
            url: '/api/v1/events',
            headers: { ...bearer('agent'), 'content-type': 'application/json' },
            payload: '{"events":[{"__proto__":{"admin":true}}]}',
          }),
        400,
        'VIGIL_ERR_MALFORMED_JSON',
      ],
      ['no token', () => post({ events: [event()] }, {}), 401, 'VIGIL_ERR_UNAUTHORIZED'],
      [
        'a wrong token',
        () => post({ events: [event()] }, { authorization: 'Bearer nope-nope-nope-nope' }),
        401,
        'VIGIL_ERR_UNAUTHORIZED',
      ],
      [
        'a viewer token on a write',
        () => post({ events: [event()] }, bearer('viewer')),
        403,
        'VIGIL_ERR_FORBIDDEN',
      ],
    ];

    for (const [name, send, status, code] of cases) {
      it(`${name} -> ${status} ${code}`, async () => {
        await post({ events: [event()] });
        const before = await storedState();
        const res = await send();
        expect(res.statusCode).toBe(status);
        expect(res.json().error.code).toBe(code);
        expect(res.json().error.message.length).toBeGreaterThan(10);
        expect(ERRORS[code as keyof typeof ERRORS].status).toBe(status);
        expect(await storedState()).toEqual(before);
      });
    }

    it('counts rejected ingest requests by code', async () => {
      await post({ events: [] });
      const metrics = await c.app.inject({ url: '/metrics' });
      expect(metrics.body).toContain('vigil_events_rejected_total{reason="VIGIL_ERR_EMPTY_BATCH"} 1');
    });
  });
});

describe('auth on reads', () => {
  it('needs a token for every /api/ read', async () => {
    for (const url of ['/api/v1/alerts', '/api/v1/incidents', '/api/v1/cis']) {
      const res = await c.app.inject({ url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('VIGIL_ERR_UNAUTHORIZED');
    }
  });

  it('does not let an agent token read', async () => {
    const res = await c.app.inject({ url: '/api/v1/incidents', headers: bearer('agent') });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('test-agent');
  });

  it('keeps health, readiness and metrics open', async () => {
    expect((await c.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await c.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', store: 'sqlite' });
    expect((await c.app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });

  it('reports not ready while stopping', async () => {
    c.setReady(false, 'shutting down');
    const res = await c.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('VIGIL_ERR_NOT_READY');
  });

  it('answers unknown routes with a catalogue error', async () => {
    const res = await c.app.inject({ url: '/api/v1/nothing', headers: bearer('admin') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('VIGIL_ERR_ROUTE_NOT_FOUND');
  });
});

describe('incident actions', () => {
  async function openOne(): Promise<string> {
    const res = await post({ events: [event({ severity: 'critical' })] });
    return res.json().items[0].incidentId;
  }

  it('acknowledges, notes, resolves and closes, each on the timeline', async () => {
    const id = await openOne();
    c.clock.advance(90_000);
    const act = (action: string, payload?: object) =>
      c.app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${id}/${action}`,
        headers: bearer('operator'),
        payload,
      });
    const ack = await act('acknowledge');
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'in_progress', acknowledgedAt: '2026-01-01T00:01:30.000Z' });
    expect((await act('notes', { text: 'looking at it' })).statusCode).toBe(200);
    expect((await act('assign', { group: 'l2-support', assignee: 'kim' })).json()).toMatchObject({
      assignmentGroup: 'l2-support',
      assignee: 'kim',
    });
    expect((await act('resolve', { note: 'cleaned /var/log' })).json().status).toBe('resolved');
    expect((await act('close')).json().status).toBe('closed');

    const detail = (await c.app.inject({ url: `/api/v1/incidents/${id}`, headers: bearer('viewer') })).json();
    expect(detail.timeline.map((t: { action: string }) => t.action)).toEqual([
      'created',
      'classified',
      'acknowledge',
      'note',
      'assign',
      'resolve',
      'close',
    ]);
    expect(detail.timeline[4].actor).toBe('test-operator');
    expect(detail.alerts).toHaveLength(1);

    const metrics = (await c.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/vigil_incident_time_to_acknowledge_seconds_bucket\{le="300",priority="P3"\} 1/);
  });

  it('refuses an impossible transition with 409 and changes nothing', async () => {
    const id = await openOne();
    const res = await c.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/close`,
      headers: bearer('operator'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('VIGIL_ERR_INVALID_TRANSITION');
    expect((await c.store.getIncident(id))!.status).toBe('new');
  });

  it('refuses actions from a viewer and unknown incidents', async () => {
    const id = await openOne();
    const viewer = await c.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/acknowledge`,
      headers: bearer('viewer'),
    });
    expect(viewer.statusCode).toBe(403);
    const missing = await c.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/INC-999999/acknowledge',
      headers: bearer('operator'),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('VIGIL_ERR_NOT_FOUND');
  });
});

describe('OpenAPI', () => {
  it('serves a document listing the routes', async () => {
    const doc = (await c.app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/events',
        '/api/v1/incidents',
        '/api/v1/incidents/{id}',
        '/api/v1/cis/{id}',
      ]),
    );
  });
});
