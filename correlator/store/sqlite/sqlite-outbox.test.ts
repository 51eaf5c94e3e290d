import { afterEach, describe, expect, it } from 'vitest';
import { makeIncident, T0 } from '../../../test/support/records.js';
import { StoreConflictError } from '../contract.js';
import type { OutboxEntry } from '../outbox-store.js';
import { SqliteStore } from './sqlite-store.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const open = () => {
  const store = new SqliteStore({ path: ':memory:' });
  stores.push(store);
  return store;
};

const note = (overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'INC-000001:opened:v1:chat',
  incidentId: 'INC-000001',
  transition: 'opened',
  receiver: 'chat',
  rule: 'all',
  kind: 'webhook',
  body: { text: 'x' },
  createdAt: T0,
  requeuedAt: null,
  state: 'pending',
  attempts: 0,
  nextAttemptAt: T0,
  deliveredAt: null,
  lastReason: null,
  lastError: null,
  ...overrides,
});

const unit = (notifications: OutboxEntry[], incident = makeIncident()) => ({
  events: [],
  alerts: [],
  incidents: [incident],
  timeline: [],
  notifications,
});

describe('SQLite outbox', () => {
  it('stores notifications only with their commit: a conflicting unit leaves none', async () => {
    const store = open();
    await store.commit(unit([note()]));
    await expect(store.commit(unit([note({ id: 'INC-000001:resolved:v1:chat' })]))).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect(await store.getNotification('INC-000001:resolved:v1:chat')).toBeNull();
    expect(await store.getNotification('INC-000001:opened:v1:chat')).toEqual(note());
  });

  it('keeps the first copy of an id queued twice', async () => {
    const store = open();
    await store.commit(unit([note()]));
    await store.commit(unit([note({ body: { text: 'second' } })], makeIncident({ version: 1 })));
    expect((await store.getNotification(note().id))?.body).toEqual({ text: 'x' });
    expect((await store.listNotifications({ limit: 10 })).items).toHaveLength(1);
  });

  it('lists as due only the oldest pending notification of each incident and receiver', async () => {
    const store = open();
    await store.commit(
      unit([
        note({ id: 'a1', nextAttemptAt: T0 + 5000 }),
        note({ id: 'a2' }),
        note({ id: 'b1', receiver: 'pager' }),
        note({ id: 'c1', incidentId: 'INC-000002', nextAttemptAt: T0 + 1 }),
      ]),
    );
    expect((await store.dueNotifications(T0, 10)).map((n) => n.id)).toEqual(['b1']);
    expect((await store.dueNotifications(T0 + 1, 10)).map((n) => n.id)).toEqual(['b1', 'c1']);
    await store.recordNotification({ ...note({ id: 'a1' }), state: 'dead', nextAttemptAt: null });
    // A dead letter no longer holds the later one back.
    expect((await store.dueNotifications(T0 + 1, 10)).map((n) => n.id)).toEqual(['a2', 'b1', 'c1']);
    expect((await store.dueNotifications(T0 + 1, 2)).map((n) => n.id)).toEqual(['a2', 'b1']);
  });

  it('records an attempt and its timeline entry together, and lists by state, incident and receiver, newest first', async () => {
    const store = open();
    await store.commit(unit([note({ id: 'n1' }), note({ id: 'n2', receiver: 'pager' })]));
    await store.recordNotification(
      { ...note({ id: 'n1' }), state: 'delivered', attempts: 1, nextAttemptAt: null, deliveredAt: T0 },
      {
        incidentId: 'INC-000001',
        entry: {
          at: T0,
          actor: 'notify:all',
          action: 'notified',
          fromStatus: null,
          toStatus: null,
          detail: 'd',
        },
      },
    );
    expect((await store.getTimeline('INC-000001')).map((e) => e.action)).toEqual(['notified']);
    expect((await store.listNotifications({ limit: 10 })).items.map((n) => n.id)).toEqual(['n2', 'n1']);
    expect((await store.listNotifications({ state: 'delivered', limit: 10 })).items.map((n) => n.id)).toEqual(
      ['n1'],
    );
    expect((await store.listNotifications({ receiver: 'pager', limit: 10 })).items.map((n) => n.id)).toEqual([
      'n2',
    ]);
    expect((await store.listNotifications({ incidentId: 'INC-000009', limit: 10 })).items).toEqual([]);
    const first = await store.listNotifications({ limit: 1 });
    expect(first.next).not.toBeNull();
    const second = await store.listNotifications({ limit: 1, cursor: first.next! });
    expect(second.items.map((n) => n.id)).toEqual(['n1']);
    expect(second.next).toBeNull();
    expect(await store.notificationCounts()).toEqual(
      expect.arrayContaining([
        { state: 'delivered', receiver: 'chat', count: 1 },
        { state: 'pending', receiver: 'pager', count: 1 },
      ]),
    );
  });
});
