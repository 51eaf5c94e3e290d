import { afterEach, describe, expect, it } from 'vitest';
import { note } from '../../test/outbox-store-conformance.js';
import { makeIncident, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { pruneOutbox } from './outbox-pruning.js';

const DAY = 86_400_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe('outbox pruning', () => {
  it('deletes, chunk after chunk, what settled longer ago than the retention by the clock, never pending ones', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    stores.push(store);
    const settled = Array.from({ length: 1203 }, (_, i) => note({ id: `d${i}`, incidentId: `INC-${i}` }));
    await store.commit({
      events: [],
      alerts: [],
      incidents: [makeIncident()],
      timeline: [],
      notifications: [...settled, note({ id: 'waiting', createdAt: T0 - 400 * DAY })],
    });
    for (const n of settled)
      await store.recordNotification({ ...n, state: 'delivered', nextAttemptAt: null, deliveredAt: T0 });
    const clock = new ManualClock(T0 + 30 * DAY);
    expect(await pruneOutbox(store, clock, 30 * DAY)).toBe(0);
    clock.advance(1);
    expect(await pruneOutbox(store, clock, 30 * DAY)).toBe(1203);
    expect(await pruneOutbox(store, clock, 30 * DAY)).toBe(0);
    clock.advance(3650 * DAY);
    expect(await pruneOutbox(store, clock, 30 * DAY)).toBe(0);
    expect(await store.notificationCounts()).toEqual([{ state: 'pending', receiver: 'chat', count: 1 }]);
  });
});
