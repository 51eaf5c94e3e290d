import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyConfig, NotifyReceiverConfig } from '../correlator/notify/setup.js';
import { NOTIFY_TRANSITIONS } from '../correlator/store/outbox-store.js';
import { bearer, event, testCorrelator } from './support/correlator-fixture.js';
import { NotifyReceiver } from './support/notify-receiver.js';

const SECOND = 1000;
const receivers: NotifyReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
});

async function receiver(): Promise<NotifyReceiver> {
  const r = new NotifyReceiver();
  await r.start();
  receivers.push(r);
  return r;
}

const base = {
  headers: {},
  dedupKey: 'vigil-{{ incident.id }}',
  summary: '{{ incident.title }}',
  source: '{{ incident.resource }}',
  timeoutMs: 300,
};

/** One webhook receiver `ops` that every transition of every incident notifies through route `all`. */
function notifyTo(
  url: string,
  overrides: Partial<NotifyReceiverConfig> = {},
  maxAgeMs = 3_600_000,
): NotifyConfig {
  return {
    receivers: [
      {
        ...base,
        name: 'ops',
        kind: 'webhook',
        url,
        headers: { authorization: 'Bearer hook-secret-123' },
        ...overrides,
      },
    ],
    routes: [{ name: 'all', matchers: [], receivers: ['ops'], transitions: [...NOTIFY_TRANSITIONS] }],
    // With random() = 0 the backoff is exactly half the exponential step: 5 s, 10 s, 20 s, ...
    delivery: { initialBackoffMs: 10 * SECOND, maxBackoffMs: 600 * SECOND, maxAgeMs, concurrency: 4 },
    retentionMs: 30 * 86_400_000,
  };
}

async function setup(notify: NotifyConfig) {
  const c = await testCorrelator({ notify, notifyTransport: { random: () => 0 } });
  const api = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const res = await c.app.inject({
      method,
      url,
      headers: bearer(method === 'GET' ? 'viewer' : 'operator'),
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, json: res.json() };
  };
  const fire = (overrides: Record<string, unknown> = {}) =>
    api('POST', '/api/v1/events', { events: [event(overrides)] });
  const notifications = async (query = '') => (await api('GET', `/api/v1/notifications${query}`)).json.items;
  const dispatch = () => c.notifications!.dispatch();
  return { c, api, fire, notifications, dispatch };
}

describe('notifications to a real HTTP receiver', () => {
  it('retries 5xx, a timeout and a refused connection with backoff on the clock, then delivers exactly once', async () => {
    const hook = await receiver();
    hook.script = [503, 'hang'];
    const { c, fire, notifications, dispatch, api } = await setup(notifyTo(hook.url));
    expect((await fire()).status).toBe(202);

    const [queued] = await notifications();
    expect(queued).toMatchObject({
      id: 'INC-000001:opened:v1:ops',
      state: 'pending',
      attempts: 0,
      rule: 'all',
    });

    expect(await dispatch()).toBe(1); // 503
    expect((await notifications())[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastReason: 'http_5xx',
    });
    expect(await dispatch()).toBe(0); // nothing due before the backoff (5 s) passed
    c.clock.advance(5 * SECOND - 1);
    expect(await dispatch()).toBe(0);
    c.clock.advance(1);
    expect(await dispatch()).toBe(1); // hangs: timed out after 300 ms
    expect((await notifications())[0]).toMatchObject({ attempts: 2, lastReason: 'timeout' });

    await hook.stop(); // refused connection next
    c.clock.advance(10 * SECOND);
    expect(await dispatch()).toBe(1);
    expect((await notifications())[0]).toMatchObject({ attempts: 3, lastReason: 'connection' });

    await hook.start();
    c.clock.advance(20 * SECOND);
    expect(await dispatch()).toBe(1);
    c.clock.advance(3_600 * SECOND);
    expect(await dispatch()).toBe(0);

    const [delivered] = await notifications();
    expect(delivered).toMatchObject({ state: 'delivered', attempts: 4, nextAttemptAt: null });
    expect(hook.deliveredByKey()).toEqual(new Map([['INC-000001:opened:v1:ops', 1]]));
    const sent = hook.received.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer hook-secret-123');
    expect(sent.body).toMatchObject({
      transition: 'opened',
      rule: 'all',
      incident: { id: 'INC-000001', priority: 'P4', status: 'new', resource: 'web-1' },
    });

    const detail = (await api('GET', '/api/v1/incidents/INC-000001')).json;
    const notified = detail.timeline.find((e: { action: string }) => e.action === 'notified');
    expect(notified).toMatchObject({
      actor: 'notify:all',
      detail: expect.stringContaining('opened to ops (rule all) delivered, attempt 4'),
    });
    const alerts = (await api('GET', '/api/v1/alerts')).json.items;
    expect(alerts[0].reasons).toContainEqual(
      expect.objectContaining({
        by: 'notify:all',
        reason: 'notified',
        detail: expect.stringContaining('to ops'),
      }),
    );

    const metrics = await c.registry.metrics();
    expect(metrics).toContain('vigil_notifications_sent_total{receiver="ops"} 1');
    for (const reason of ['http_5xx', 'timeout', 'connection'])
      expect(metrics).toContain(`vigil_notifications_retried_total{receiver="ops",reason="${reason}"} 1`);
    expect(metrics).toContain('vigil_notifications_queued_total{receiver="ops",transition="opened"} 1');
  });

  it('sends each transition once and in order: opened, acknowledged, escalated, resolved', async () => {
    const hook = await receiver();
    const { c, fire, dispatch, api } = await setup(notifyTo(hook.url));
    await fire({ severity: 'critical' });
    // The trigger fails first: the acknowledgement must wait for it, never overtake it.
    hook.script = [500];
    expect(await dispatch()).toBe(1);
    expect((await api('POST', '/api/v1/incidents/INC-000001/acknowledge', {})).status).toBe(200);
    expect(await dispatch()).toBe(0);
    c.clock.advance(5 * SECOND);
    expect(await dispatch()).toBe(1);
    expect(await dispatch()).toBe(1);

    // Not resolved within P3's 24 h resolution target: escalates on the pipeline's tick.
    c.clock.advance(25 * 3_600 * SECOND);
    await c.pipeline.tick();
    await dispatch();
    await fire({ severity: 'ok', status: 'resolved' });
    await dispatch();
    await dispatch();

    const transitions = hook.received
      .filter((r) => r.answered === 200)
      .map((r) => (r.body as { transition: string }).transition);
    expect(transitions).toEqual(['opened', 'acknowledged', 'escalated', 'resolved']);
    expect([...hook.deliveredByKey().values()].every((n) => n === 1)).toBe(true);
    const alert = (await api('GET', '/api/v1/alerts')).json.items[0];
    expect(alert.reasons).toContainEqual(
      expect.objectContaining({
        by: 'escalation:resolution',
        reason: 'escalated',
        detail: expect.stringContaining('resolution target breached'),
      }),
    );
  });

  it('sends a 4xx answer to the dead letters at once, lists it, and delivers it when retried', async () => {
    const hook = await receiver();
    hook.script = [400];
    const { c, fire, dispatch, api, notifications } = await setup(notifyTo(hook.url));
    await fire();
    await dispatch();
    const [dead] = await notifications('?state=dead');
    expect(dead).toMatchObject({ state: 'dead', attempts: 1, lastReason: 'http_4xx', nextAttemptAt: null });
    expect(dead.lastError).toContain('answered HTTP 400');
    expect(dead.lastError).not.toContain('hook-secret');
    const timeline = (await api('GET', '/api/v1/incidents/INC-000001')).json.timeline;
    expect(timeline.map((e: { action: string }) => e.action)).toContain('notify_failed');
    expect(await c.registry.metrics()).toContain(
      'vigil_notifications_failed_total{receiver="ops",reason="http_4xx"} 1',
    );

    const retried = await api('POST', `/api/v1/notifications/${encodeURIComponent(dead.id)}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.json.state).toBe('pending');
    const again = await api('POST', `/api/v1/notifications/${encodeURIComponent(dead.id)}/retry`);
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'VIGIL_ERR_NOTIFICATION_STATE' } } });
    await dispatch();
    expect((await notifications())[0].state).toBe('delivered');
    expect(hook.deliveredByKey().get(dead.id)).toBe(1);
    const missing = await api('GET', '/api/v1/notifications/nope');
    expect(missing).toMatchObject({ status: 404, json: { error: { code: 'VIGIL_ERR_NOT_FOUND' } } });
  });

  it('gives up after the maximum age: a dead letter with reason max_age', async () => {
    const hook = await receiver();
    hook.fallback = 503;
    const { c, fire, dispatch, notifications } = await setup(notifyTo(hook.url, {}, 60 * SECOND));
    await fire();
    // Attempts at 0, 5, 15, 35 s; the next one would be at 75 s, past the 60 s maximum age.
    for (const step of [0, 5, 10, 20]) {
      c.clock.advance(step * SECOND);
      expect(await dispatch()).toBe(1);
    }
    const [dead] = await notifications();
    expect(dead).toMatchObject({ state: 'dead', attempts: 4, lastReason: 'max_age' });
    expect(await c.registry.metrics()).toContain(
      'vigil_notifications_failed_total{receiver="ops",reason="max_age"} 1',
    );
  });

  it('speaks PagerDuty Events API v2: routing key, templated dedup key, trigger / acknowledge / resolve', async () => {
    const pd = await receiver();
    pd.fallback = 202;
    const notify: NotifyConfig = {
      receivers: [
        {
          ...base,
          name: 'pd',
          kind: 'pagerduty',
          url: pd.url,
          headers: {},
          routingKey: 'R0UT1NGKEY0123456789',
          dedupKey: 'vigil-{{ incident.id }}-{{ labels.mount }}',
        },
      ],
      routes: [
        {
          name: 'pager',
          matchers: ['priority=~"P1|P2"'],
          receivers: ['pd'],
          transitions: [...NOTIFY_TRANSITIONS],
        },
      ],
      delivery: { initialBackoffMs: 1000, maxBackoffMs: 60_000, maxAgeMs: 3_600_000, concurrency: 2 },
      retentionMs: 30 * 86_400_000,
    };
    const { fire, dispatch, api, notifications } = await setup(notify);
    await fire({ severity: 'warning', resource: 'quiet-1' }); // P5: no route matches
    await fire({ severity: 'critical', resource: 'db-1', labels: { mount: '/data', impact: 'global' } });
    await api('POST', '/api/v1/incidents/INC-000002/acknowledge', {});
    await api('POST', '/api/v1/incidents/INC-000002/resolve', {});
    for (let i = 0; i < 3; i++) await dispatch();
    const bodies = pd.received.map((r) => r.body as Record<string, unknown>);
    expect(bodies.map((b) => b.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(
      bodies.every(
        (b) => b.routing_key === 'R0UT1NGKEY0123456789' && b.dedup_key === 'vigil-INC-000002-/data',
      ),
    ).toBe(true);
    expect(bodies[0]).toMatchObject({
      payload: {
        severity: 'critical',
        source: 'db-1',
        summary: expect.stringContaining('db-1'),
        class: 'capacity',
      },
    });
    // The stored body never holds the routing key.
    for (const n of await notifications()) expect(JSON.stringify(n)).not.toContain('R0UT1NGKEY');
  });
});
