import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../correlator/model/records.js';
import { type Store, StoreConflictError, type UnitOfWork } from '../correlator/store/contract.js';
import type { OutboxEntry, OutboxStore } from '../correlator/store/outbox-store.js';
import { HOUR, makeIncident, T0 } from './support/records.js';

const DAY = 24 * HOUR;

/** A pending notification of INC-000001 to `chat`, due at T0. */
export const note = (overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
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

const unit = (notifications: OutboxEntry[], incident = makeIncident()): UnitOfWork => ({
  events: [],
  alerts: [],
  incidents: [incident],
  timeline: [],
  notifications,
});

const notified = (detail: string): { incidentId: string; entry: TimelineEntry } => ({
  incidentId: 'INC-000001',
  entry: { at: T0, actor: 'notify:all', action: 'notified', fromStatus: null, toStatus: null, detail },
});

const delivered = (n: OutboxEntry, at = T0): OutboxEntry => ({
  ...n,
  state: 'delivered',
  attempts: n.attempts + 1,
  nextAttemptAt: null,
  deliveredAt: at,
});

/**
 * The `OutboxStore` contract as one suite every store that keeps the notification outbox runs,
 * parameterised by a factory (the pattern of test/store-conformance.ts).
 */
export function runOutboxStoreConformance(name: string, open: () => Promise<Store & OutboxStore>): void {
  describe(`OutboxStore conformance: ${name}`, () => {
    let store: Store & OutboxStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores notifications only with their commit: a conflicting unit leaves none', async () => {
      await store.commit(unit([note()]));
      await expect(store.commit(unit([note({ id: 'INC-000001:resolved:v1:chat' })]))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(await store.getNotification('INC-000001:resolved:v1:chat')).toBeNull();
      expect(await store.getNotification('INC-000001:opened:v1:chat')).toEqual(note());
      expect(await store.dueNotifications(T0, 10)).toEqual([note()]);
    });

    it('keeps the first copy of an id queued twice', async () => {
      await store.commit(unit([note()]));
      await store.commit(unit([note({ body: { text: 'second' } })], makeIncident({ version: 1 })));
      expect((await store.getNotification(note().id))?.body).toEqual({ text: 'x' });
      expect((await store.listNotifications({ limit: 10 })).items).toHaveLength(1);
      expect(await store.notificationCounts()).toEqual([{ state: 'pending', receiver: 'chat', count: 1 }]);
    });

    it('lists as due only the oldest pending notification of each incident and receiver', async () => {
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
      expect((await store.dueNotifications(T0 + 5000, 10)).map((n) => n.id)).toEqual(['b1', 'c1', 'a1']);
      await store.recordNotification({ ...note({ id: 'a1' }), state: 'dead', nextAttemptAt: null });
      // A dead letter no longer holds the later one back.
      expect((await store.dueNotifications(T0 + 1, 10)).map((n) => n.id)).toEqual(['a2', 'b1', 'c1']);
      expect((await store.dueNotifications(T0 + 1, 2)).map((n) => n.id)).toEqual(['a2', 'b1']);
      // Queued again by an operator, the older one is first in line again.
      await store.recordNotification({ ...note({ id: 'a1' }), requeuedAt: T0 + 2, nextAttemptAt: T0 + 2 });
      expect((await store.dueNotifications(T0 + 2, 10)).map((n) => n.id)).toEqual(['b1', 'c1', 'a1']);
    });

    it('moves a retried notification to its new time, keeping the later ones behind it', async () => {
      await store.commit(unit([note({ id: 'a1' }), note({ id: 'a2' })]));
      await store.recordNotification({ ...note({ id: 'a1' }), attempts: 1, nextAttemptAt: T0 + 10_000 });
      expect(await store.dueNotifications(T0 + 9_999, 10)).toEqual([]);
      expect((await store.dueNotifications(T0 + 10_000, 10)).map((n) => n.id)).toEqual(['a1']);
      await store.recordNotification(delivered(note({ id: 'a1' })));
      expect((await store.dueNotifications(T0, 10)).map((n) => n.id)).toEqual(['a2']);
    });

    it('records an attempt and its timeline entry together, and lists by state, incident and receiver, newest first', async () => {
      await store.commit(unit([note({ id: 'n1' }), note({ id: 'n2', receiver: 'pager' })]));
      expect(await store.recordNotification(delivered(note({ id: 'n1' })), notified('d'))).toBe(true);
      expect((await store.getTimeline('INC-000001')).map((e) => e.action)).toEqual(['notified']);
      expect((await store.listNotifications({ limit: 10 })).items.map((n) => n.id)).toEqual(['n2', 'n1']);
      expect(
        (await store.listNotifications({ state: 'delivered', limit: 10 })).items.map((n) => n.id),
      ).toEqual(['n1']);
      expect(
        (await store.listNotifications({ receiver: 'pager', limit: 10 })).items.map((n) => n.id),
      ).toEqual(['n2']);
      expect(
        (await store.listNotifications({ incidentId: 'INC-000001', state: 'pending', limit: 10 })).items.map(
          (n) => n.id,
        ),
      ).toEqual(['n2']);
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
      expect(await store.notificationCounts()).toHaveLength(2);
    });

    it('pages a long list with filters without repeating or skipping', async () => {
      const all = Array.from({ length: 25 }, (_, i) =>
        note({ id: `n${String(i).padStart(2, '0')}`, receiver: i % 2 ? 'pager' : 'chat' }),
      );
      await store.commit(unit(all));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listNotifications({
          receiver: 'pager',
          limit: 4,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((n) => n.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect(seen).toEqual(
        all
          .filter((n) => n.receiver === 'pager')
          .map((n) => n.id)
          .reverse(),
      );
    });

    it('records nothing for an unknown id', async () => {
      expect(await store.recordNotification(delivered(note({ id: 'nope' })), notified('x'))).toBe(false);
      expect(await store.getTimeline('INC-000001')).toEqual([]);
      expect(await store.notificationCounts()).toEqual([]);
    });

    it('lets one claim at a time hold a due notification, and only that claim record its outcome', async () => {
      await store.commit(unit([note({ id: 'a1' }), note({ id: 'a2' })]));
      const a = { owner: 'replica-a:1', now: T0, until: T0 + 15_000 };
      const b = { owner: 'replica-b:1', now: T0 + 1000, until: T0 + 16_000 };
      expect(await store.claimNotification('a1', a)).toEqual(note({ id: 'a1' }));
      expect(await store.claimNotification('a1', b)).toBeNull();
      // Not the oldest of its queue, not due yet, unknown: nothing to claim.
      expect(await store.claimNotification('a2', b)).toBeNull();
      expect(await store.claimNotification('a1', { ...b, now: T0 - 1 })).toBeNull();
      expect(await store.claimNotification('zz', b)).toBeNull();
      // The claim lapsed: another replica takes over, and the first one's outcome is dropped.
      const late = { owner: 'replica-b:2', now: T0 + 15_001, until: T0 + 30_000 };
      expect(await store.claimNotification('a1', late)).not.toBeNull();
      expect(
        await store.recordNotification(
          { ...note({ id: 'a1' }), attempts: 1, nextAttemptAt: T0 + 99_000 },
          undefined,
          a.owner,
        ),
      ).toBe(false);
      expect(await store.recordNotification(delivered(note({ id: 'a1' })), notified('b'), late.owner)).toBe(
        true,
      );
      expect((await store.getNotification('a1'))?.state).toBe('delivered');
      expect((await store.getTimeline('INC-000001')).map((e) => e.detail)).toEqual(['b']);
      // Delivered: nobody claims it again, and the next in line is due.
      expect(await store.claimNotification('a1', { ...late, owner: 'c', now: T0 + 40_000 })).toBeNull();
      expect(await store.claimNotification('a2', { ...late, owner: 'c', now: T0 + 40_000 })).not.toBeNull();
    });

    it('releases a claim with the outcome, so a retry is claimed again when due', async () => {
      await store.commit(unit([note()]));
      const claim = { owner: 'r:1', now: T0, until: T0 + 60_000 };
      expect(await store.claimNotification(note().id, claim)).not.toBeNull();
      await store.recordNotification({ ...note(), attempts: 1, nextAttemptAt: T0 + 1000 }, undefined, 'r:1');
      expect(
        await store.claimNotification(note().id, { owner: 'r:2', now: T0 + 1000, until: T0 + 2000 }),
      ).toEqual({ ...note(), attempts: 1, nextAttemptAt: T0 + 1000 });
    });

    it('voids every claim on release (a single process restarting), so the notifications are claimed at once', async () => {
      await store.commit(unit([note({ id: 'a1' }), note({ id: 'b1', incidentId: 'INC-000002' })]));
      const dead = { owner: 'died:1', now: T0, until: T0 + 60_000 };
      expect(await store.claimNotification('a1', dead)).not.toBeNull();
      expect(await store.claimNotification('b1', { ...dead, owner: 'died:2' })).not.toBeNull();
      const fresh = { owner: 'fresh:1', now: T0 + 1, until: T0 + 60_000 };
      expect(await store.claimNotification('a1', fresh)).toBeNull();
      expect(await store.releaseClaims()).toBe(2);
      expect(await store.releaseClaims()).toBe(0);
      expect(await store.claimNotification('a1', fresh)).not.toBeNull();
      // The dead process's outcome is refused; the fresh claim's is stored.
      expect(await store.recordNotification(delivered(note({ id: 'a1' })), undefined, 'died:1')).toBe(false);
      expect(await store.recordNotification(delivered(note({ id: 'a1' })), undefined, 'fresh:1')).toBe(true);
    });

    it('keeps queues apart whatever their incident and receiver names hold', async () => {
      // Joined naively with NUL these two queues would be the same; and quotes, unicode, NUL inside.
      const hostile = [
        note({ id: 'q1', incidentId: 'INC-1\u0000x', receiver: 'y' }),
        note({ id: 'q2', incidentId: 'INC-1', receiver: 'x\u0000y' }),
        note({ id: 'q3', incidentId: 'INC-"1"', receiver: 'r\u00e9\u00ff' }),
      ];
      await store.commit(unit(hostile));
      expect((await store.dueNotifications(T0, 10)).map((n) => n.id)).toEqual(['q1', 'q2', 'q3']);
      expect(
        (await store.listNotifications({ incidentId: 'INC-1', limit: 10 })).items.map((n) => n.id),
      ).toEqual(['q2']);
      expect(
        (await store.listNotifications({ receiver: 'x\u0000y', limit: 10 })).items.map((n) => n.id),
      ).toEqual(['q2']);
      await store.recordNotification(delivered(hostile[0]!));
      expect((await store.dueNotifications(T0, 10)).map((n) => n.id)).toEqual(['q2', 'q3']);
      expect(await store.notificationCounts()).toEqual(
        expect.arrayContaining([
          { state: 'delivered', receiver: 'y', count: 1 },
          { state: 'pending', receiver: 'x\u0000y', count: 1 },
        ]),
      );
    });

    it('prunes delivered and dead notifications past the retention, never pending ones', async () => {
      await store.commit(
        unit([
          note({ id: 'old-delivered' }),
          note({ id: 'old-dead', receiver: 'pager' }),
          note({ id: 'new-delivered', incidentId: 'INC-000002' }),
          note({ id: 'old-pending', incidentId: 'INC-000003', createdAt: T0 - 90 * DAY }),
        ]),
      );
      await store.recordNotification(delivered(note({ id: 'old-delivered' }), T0));
      await store.recordNotification({
        ...note({ id: 'old-dead', receiver: 'pager' }),
        state: 'dead',
        nextAttemptAt: null,
      });
      await store.recordNotification(
        delivered(note({ id: 'new-delivered', incidentId: 'INC-000002' }), T0 + 40 * DAY),
      );
      expect(await store.pruneNotifications(T0, 100)).toBe(0);
      expect(await store.pruneNotifications(T0 + 30 * DAY, 1)).toBe(1);
      expect(await store.pruneNotifications(T0 + 30 * DAY, 100)).toBe(1);
      expect(await store.pruneNotifications(T0 + 30 * DAY, 100)).toBe(0);
      expect(await store.getNotification('old-delivered')).toBeNull();
      expect(await store.getNotification('old-dead')).toBeNull();
      expect((await store.listNotifications({ limit: 10 })).items.map((n) => n.id)).toEqual([
        'old-pending',
        'new-delivered',
      ]);
      expect(await store.notificationCounts()).toEqual(
        expect.arrayContaining([
          { state: 'delivered', receiver: 'chat', count: 1 },
          { state: 'pending', receiver: 'chat', count: 1 },
        ]),
      );
      expect(await store.notificationCounts()).toHaveLength(2);
      expect((await store.dueNotifications(T0, 10)).map((n) => n.id)).toEqual(['old-pending']);
      expect(await store.pruneNotifications(T0 + 365 * DAY, 100)).toBe(1); // new-delivered only
      expect(await store.getNotification('old-pending')).not.toBeNull();
    });
  });
}
