import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeIncident, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import type { OutboxEntry } from '../store/outbox-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Sender } from './deliver.js';
import { CLAIM_SLACK_MS, NotificationDispatcher } from './dispatcher.js';
import { createNotifyMetrics } from './metrics.js';
import { compileNotify } from './setup.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const setup = compileNotify({
  receivers: [
    {
      name: 'chat',
      kind: 'webhook',
      url: 'http://127.3.0.1:9/hook',
      headers: {},
      dedupKey: 'x',
      summary: 'x',
      source: 'x',
      timeoutMs: 1000,
    },
  ],
  routes: [],
  delivery: { initialBackoffMs: 1000, maxBackoffMs: 8000, maxAgeMs: 60_000, concurrency: 2 },
  retentionMs: 30 * 86_400_000,
});

const pending = (receiver: string, n: number): OutboxEntry => ({
  id: `INC-000001:opened:v${n}:${receiver}`,
  incidentId: 'INC-000001',
  transition: 'opened',
  receiver,
  rule: 'all',
  kind: 'webhook',
  body: { n },
  createdAt: T0,
  requeuedAt: null,
  state: 'pending',
  attempts: 0,
  nextAttemptAt: T0,
  deliveredAt: null,
  lastReason: null,
  lastError: null,
});

async function fixture(
  send: Sender,
  entries: OutboxEntry[],
  extra: Partial<ConstructorParameters<typeof NotificationDispatcher>[0]> = {},
) {
  const store = new SqliteStore({ path: ':memory:' });
  stores.push(store);
  await store.commit({
    events: [],
    alerts: [],
    incidents: [makeIncident()],
    timeline: [],
    notifications: entries,
  });
  const clock = new ManualClock(T0);
  const registry = new Registry();
  const dispatcher = new NotificationDispatcher({
    store,
    setup,
    clock,
    metrics: createNotifyMetrics(registry),
    random: () => 0,
    send,
    ...extra,
  });
  return { store, clock, dispatcher, registry };
}

describe('notification dispatcher faults', () => {
  it('retries a sender that throws, on the backoff schedule of the clock', async () => {
    let calls = 0;
    const times: number[] = [];
    const { clock, dispatcher, store } = await fixture(async () => {
      times.push(clock.now());
      if (++calls < 4) throw new Error('socket exploded');
      return { ok: true, status: 204 };
    }, [pending('chat', 1)]);
    for (let i = 0; i < 40; i++) {
      await dispatcher.dispatch();
      clock.advance(250);
    }
    // Backoff with random() = 0: 0.5 s, 1 s, 2 s after each failure.
    expect(times.map((t) => t - T0)).toEqual([0, 500, 1500, 3500]);
    expect(await store.getNotification('INC-000001:opened:v1:chat')).toMatchObject({
      state: 'delivered',
      attempts: 4,
    });
  });

  it('sends a notification whose receiver left the config to the dead letters without sending', async () => {
    let sent = 0;
    const { dispatcher, store, registry } = await fixture(async () => {
      sent++;
      return { ok: true, status: 200 };
    }, [pending('gone', 1)]);
    await dispatcher.dispatch();
    expect(sent).toBe(0);
    expect(await store.getNotification('INC-000001:opened:v1:gone')).toMatchObject({
      state: 'dead',
      lastReason: 'receiver_removed',
    });
    expect(await registry.metrics()).toContain(
      'vigil_notifications_failed_total{receiver="gone",reason="receiver_removed"} 1',
    );
    expect((await store.getTimeline('INC-000001')).map((e) => e.action)).toEqual(['notify_failed']);
  });

  it('never runs two rounds at once: a second call joins the round in progress', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sent = 0;
    const { dispatcher } = await fixture(async () => {
      sent++;
      await gate;
      return { ok: true, status: 200 };
    }, [pending('chat', 1)]);
    const first = dispatcher.dispatch();
    const second = dispatcher.dispatch();
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(sent).toBe(1);
  });

  it('stops sending as soon as it may not continue (the lease is lost)', async () => {
    let sent = 0;
    let allowed = true;
    const { dispatcher, store } = await fixture(
      async () => {
        sent++;
        allowed = false;
        return { ok: true, status: 200 };
      },
      [pending('chat', 1), { ...pending('pager', 1), receiver: 'chat', incidentId: 'INC-000002' }],
      { mayContinue: () => allowed },
    );
    await dispatcher.dispatch();
    expect(sent).toBe(1);
    expect(await store.dueNotifications(T0, 10)).toHaveLength(1);
  });

  it('drops the outcome of a replica that stalled past its claim: what another delivered stays delivered, sent once each', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sends: string[] = [];
    const stale = await fixture(
      async () => {
        sends.push('stale');
        await gate;
        return { ok: false, retryable: true, reason: 'http_5xx', message: 'late 503' };
      },
      [pending('chat', 1)],
      { owner: 'stale' },
    );
    const round = stale.dispatcher.dispatch();
    await new Promise((resolve) => setImmediate(resolve));
    // The stale replica is stuck in its send past the claim; a fresh one takes over and delivers.
    stale.clock.advance(setup.receivers.get('chat')!.timeoutMs + CLAIM_SLACK_MS + 1);
    const fresh = new NotificationDispatcher({
      store: stale.store,
      setup,
      clock: stale.clock,
      metrics: createNotifyMetrics(new Registry()),
      owner: 'fresh',
      send: async () => {
        sends.push('fresh');
        return { ok: true, status: 200 };
      },
    });
    expect(await fresh.dispatch()).toBe(1);
    release();
    await round;
    expect(sends).toEqual(['stale', 'fresh']);
    expect(await stale.store.getNotification('INC-000001:opened:v1:chat')).toMatchObject({
      state: 'delivered',
      attempts: 1,
    });
    expect(await stale.store.dueNotifications(stale.clock.now() + 3_600_000, 10)).toEqual([]);
    expect(await stale.registry.metrics()).not.toContain('vigil_notifications_retried_total{');
  });

  it('does not send when it stalled between its claim and the send', async () => {
    let sent = 0;
    const { store, clock, dispatcher } = await fixture(async () => {
      sent++;
      return { ok: true, status: 200 };
    }, [pending('chat', 1)]);
    const claim = store.claimNotification.bind(store);
    store.claimNotification = async (id, c) => {
      const entry = await claim(id, c);
      clock.advance(CLAIM_SLACK_MS);
      return entry;
    };
    await dispatcher.dispatch();
    expect(sent).toBe(0);
    expect((await store.getNotification('INC-000001:opened:v1:chat'))?.state).toBe('pending');
    // It gave the claim back: another replica claims it at once, not when the claim would lapse.
    store.claimNotification = claim;
    const other = { owner: 'other:1', now: clock.now(), until: clock.now() + 1000 };
    expect(await store.claimNotification('INC-000001:opened:v1:chat', other)).not.toBeNull();
    clock.advance(1001);
    await dispatcher.dispatch();
    expect(sent).toBe(1);
  });
});
