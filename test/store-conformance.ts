import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VigilError } from '../correlator/errors/vigil-error.js';
import type {
  CiHistoryEntry,
  CiRecord,
  CiRelation,
  IncidentRecord,
  ProblemRecord,
  TimelineEntry,
} from '../correlator/model/records.js';
import { type Store, StoreConflictError, type UnitOfWork } from '../correlator/store/contract.js';
import { MINUTE, makeAlert, makeCi, makeEvent, makeIncident, SECOND, T0 } from './support/records.js';

/** A unit of work with empty defaults. */
const unit = (parts: Partial<UnitOfWork>): UnitOfWork => ({
  events: [],
  alerts: [],
  incidents: [],
  timeline: [],
  ...parts,
});

const prbId = (n: number) => `PRB-${String(n).padStart(6, '0')}`;
const incId = (n: number) => `INC-${String(n).padStart(6, '0')}`;
const ciId = (n: number) => `CI-${String(n).padStart(6, '0')}`;
const fp = (n: number) => `fp-${String(n).padStart(3, '0')}`;

/** A problem of `filesystem.used_percent` on `web-<host>`. */
const makeProblem = (n: number, overrides: Partial<ProblemRecord> = {}): ProblemRecord => ({
  id: prbId(n),
  title: 'filesystem.used_percent on web-1 recurs',
  state: 'open',
  ciIds: [],
  check: 'filesystem.used_percent',
  resource: 'web-1',
  rootCause: null,
  workaround: null,
  incidentIds: [],
  createdAt: T0,
  updatedAt: T0,
  version: 0,
  ...overrides,
});

const entry = (at: number, action: string, detail = ''): TimelineEntry => ({
  at,
  actor: 'vigil',
  action,
  fromStatus: 'new',
  toStatus: 'new',
  detail,
});

/** Reads every page of a list, checking each page respects the limit. */
async function readAll<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; next: string | null }>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages < 1000; pages++) {
    const page = await list(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (page.next === null) return { items, pages };
    expect(page.items).toHaveLength(limit);
    cursor = page.next;
  }
  throw new Error('pagination does not end');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/**
 * The contract every `Store` implementation must meet (DESIGN.md: "Both stores pass one shared
 * conformance test suite"). Each backend's test file calls this once with a factory that returns a
 * fresh, empty store (SQLite: a new file or `:memory:`; Redis: a random key prefix, never FLUSHALL).
 * The suite closes every store it gets.
 * @example runStoreConformance('redis', async () => new RedisStore({ url, prefix: randomPrefix() }))
 */
export function runStoreConformance(name: string, factory: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('basics', () => {
      it('has a kind and answers ping', async () => {
        expect(store.kind).toMatch(/^[a-z]+$/);
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('returns null or empty for unknown records', async () => {
        expect(await store.getAlert('nope')).toBeNull();
        expect(await store.getIncident('INC-999999')).toBeNull();
        expect(await store.getCi('CI-999999')).toBeNull();
        expect(await store.getTimeline('INC-999999')).toEqual([]);
        expect(await store.countEvents()).toBe(0);
        expect(await store.relationsOf('CI-999999')).toEqual([]);
        expect(await store.ciHistory('CI-999999', 10)).toEqual([]);
        expect(await store.dependentsOf('CI-999999', 6, 10)).toEqual([]);
        expect(await store.findCisByName('nobody')).toEqual([]);
        expect(await store.openIncidentCounts()).toEqual([]);
        expect(await store.ciCounts()).toEqual([]);
        expect(await store.incidentsDueForResolution(T0)).toEqual([]);
        expect(await store.incidentsDueForEscalation(T0, 10)).toEqual([]);
      });

      it('commits an empty unit', async () => {
        await store.commit(unit({}));
        await store.commitCmdb({ cis: [], relations: [], history: [] });
        expect(await store.countEvents()).toBe(0);
      });
    });

    describe('allocate', () => {
      it('hands out consecutive numbers from 1, increasing across calls', async () => {
        expect(await store.allocate('incident', 3)).toEqual([1, 2, 3]);
        expect(await store.allocate('incident', 1)).toEqual([4]);
        expect(await store.allocate('incident', 100)).toEqual(Array.from({ length: 100 }, (_, i) => 5 + i));
      });

      it('keeps counters independent', async () => {
        await store.allocate('incident', 5);
        expect(await store.allocate('ci', 2)).toEqual([1, 2]);
        expect(await store.allocate('incident', 1)).toEqual([6]);
      });

      it('never hands out a number twice under concurrent calls', async () => {
        const blocks = await Promise.all(
          Array.from({ length: 25 }, (_, i) => store.allocate('incident', 1 + (i % 4))),
        );
        const all = blocks.flat();
        expect(new Set(all).size).toBe(all.length);
        for (const block of blocks) {
          block.forEach((n, i) => {
            expect(n).toBe(block[0]! + i);
          });
        }
        expect(Math.max(...all)).toBe(all.length);
      });
    });

    describe('commit and loadBatchState', () => {
      it('round-trips events, alerts, incidents and timeline, bumping versions', async () => {
        const event = makeEvent({ id: 'client-1', clientId: true, fingerprint: fp(1) });
        const alert = makeAlert({ fingerprint: fp(1), incidentId: incId(1), labels: { mount: '/' } });
        const incident = makeIncident({
          id: incId(1),
          alertFingerprints: [fp(1)],
          firingFingerprints: [fp(1)],
        });
        await store.commit(
          unit({
            events: [event],
            alerts: [alert],
            incidents: [incident],
            timeline: [{ incidentId: incId(1), entry: entry(T0, 'created') }],
          }),
        );

        expect(await store.countEvents()).toBe(1);
        expect(await store.getAlert(fp(1))).toEqual({ ...alert, version: 1 });
        expect(await store.getIncident(incId(1))).toEqual({ ...incident, version: 1 });

        const state = await store.loadBatchState([fp(1), fp(2)], ['client-1', 'client-2']);
        expect([...state.alerts.keys()]).toEqual([fp(1)]);
        expect(state.alerts.get(fp(1))).toEqual({ ...alert, version: 1 });
        expect([...state.incidents.keys()]).toEqual([incId(1)]);
        expect(state.incidents.get(incId(1))).toEqual({ ...incident, version: 1 });
        expect([...state.knownEventIds]).toEqual(['client-1']);
      });

      it('loads only the incidents the requested alerts reference', async () => {
        await store.commit(
          unit({
            alerts: [
              makeAlert({ fingerprint: fp(1), incidentId: incId(1) }),
              makeAlert({ fingerprint: fp(2), incidentId: incId(2) }),
            ],
            incidents: [makeIncident({ id: incId(1) }), makeIncident({ id: incId(2) })],
          }),
        );
        const state = await store.loadBatchState([fp(2)], []);
        expect([...state.incidents.keys()]).toEqual([incId(2)]);
        expect((await store.loadBatchState([], [])).alerts.size).toBe(0);
      });

      it('applies updates made at the version read, and bumps it again', async () => {
        await store.commit(
          unit({ alerts: [makeAlert({ fingerprint: fp(1) })], incidents: [makeIncident({ id: incId(1) })] }),
        );
        const alert = (await store.getAlert(fp(1)))!;
        const incident = (await store.getIncident(incId(1)))!;
        await store.commit(
          unit({
            alerts: [{ ...alert, count: 2, state: 'resolved' }],
            incidents: [{ ...incident, status: 'resolved', resolvedAt: T0 + MINUTE }],
          }),
        );
        expect(await store.getAlert(fp(1))).toMatchObject({ count: 2, state: 'resolved', version: 2 });
        expect(await store.getIncident(incId(1))).toMatchObject({
          status: 'resolved',
          resolvedAt: T0 + MINUTE,
          version: 2,
        });
      });

      it('remembers client-chosen event ids only, and keeps remembering one committed again', async () => {
        await store.commit(
          unit({
            events: [
              makeEvent({ id: 'client-1', clientId: true }),
              makeEvent({ id: 'server-1', clientId: false }),
            ],
          }),
        );
        await store.commit(
          unit({
            events: [
              makeEvent({ id: 'client-1', clientId: true }),
              makeEvent({ id: 'client-2', clientId: true }),
            ],
          }),
        );
        const { knownEventIds } = await store.loadBatchState(
          [],
          ['client-1', 'client-2', 'server-1', 'client-3'],
        );
        expect([...knownEventIds].sort()).toEqual(['client-1', 'client-2']);
      });
    });

    describe('version conflicts', () => {
      /** Stores one alert and one incident at version 1, and returns them as read. */
      async function seed() {
        await store.commit(
          unit({
            events: [makeEvent({ id: 'seed', clientId: true })],
            alerts: [makeAlert({ fingerprint: fp(1), incidentId: incId(1) })],
            incidents: [makeIncident({ id: incId(1) })],
            timeline: [{ incidentId: incId(1), entry: entry(T0, 'created') }],
          }),
        );
        return { alert: (await store.getAlert(fp(1)))!, incident: (await store.getIncident(incId(1)))! };
      }

      /** Asserts that nothing but the seed is stored. */
      async function expectOnlySeed(alertVersion = 1) {
        expect(await store.countEvents()).toBe(1);
        expect((await store.loadBatchState([], ['failed-1', 'failed-2'])).knownEventIds.size).toBe(0);
        expect(await store.getAlert(fp(1))).toMatchObject({
          count: 1,
          state: 'firing',
          version: alertVersion,
        });
        expect(await store.getAlert(fp(2))).toBeNull();
        expect(await store.getIncident(incId(1))).toMatchObject({ status: 'new', version: 1 });
        expect(await store.getIncident(incId(2))).toBeNull();
        expect((await store.getTimeline(incId(1))).map((e) => e.action)).toEqual(['created']);
        expect(await store.getTimeline(incId(2))).toEqual([]);
      }

      it('rejects a stale alert and rolls back the whole unit', async () => {
        const { alert, incident } = await seed();
        await store.commit(unit({ alerts: [{ ...alert, count: 5 }] }));
        const error = await rejection(
          store.commit(
            unit({
              events: [
                makeEvent({ id: 'failed-1', clientId: true }),
                makeEvent({ id: 'failed-2', clientId: true }),
              ],
              alerts: [makeAlert({ fingerprint: fp(2) }), { ...alert, count: 2, state: 'resolved' }],
              incidents: [makeIncident({ id: incId(2) }), { ...incident, status: 'resolved' }],
              timeline: [
                { incidentId: incId(1), entry: entry(T0, 'resolved') },
                { incidentId: incId(2), entry: entry(T0, 'created') },
              ],
            }),
          ),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        expect(await store.countEvents()).toBe(1);
        expect(await store.getAlert(fp(1))).toMatchObject({ count: 5, state: 'firing', version: 2 });
        expect(await store.getAlert(fp(2))).toBeNull();
        expect(await store.getIncident(incId(1))).toMatchObject({ status: 'new', version: 1 });
        expect(await store.getIncident(incId(2))).toBeNull();
        expect(await store.getTimeline(incId(2))).toEqual([]);
      });

      it('rejects a stale incident and rolls back the whole unit', async () => {
        const { alert, incident } = await seed();
        const error = await rejection(
          store.commit(
            unit({
              events: [makeEvent({ id: 'failed-1', clientId: true })],
              alerts: [{ ...alert, count: 2 }, makeAlert({ fingerprint: fp(2) })],
              incidents: [makeIncident({ id: incId(2) }), { ...incident, version: 2, status: 'closed' }],
              timeline: [{ incidentId: incId(1), entry: entry(T0, 'closed') }],
            }),
          ),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        await expectOnlySeed();
      });

      it('rejects the second of two incident updates made from the same read', async () => {
        const { incident } = await seed();
        await store.commit(unit({ incidents: [{ ...incident, status: 'in_progress' }] }));
        const error = await rejection(
          store.commit(
            unit({
              incidents: [{ ...incident, status: 'resolved' }],
              timeline: [{ incidentId: incId(1), entry: entry(T0, 'resolved') }],
            }),
          ),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        expect((error as StoreConflictError).what).toContain(incId(1));
        expect(await store.getIncident(incId(1))).toMatchObject({ status: 'in_progress', version: 2 });
        expect((await store.getTimeline(incId(1))).map((e) => e.action)).toEqual(['created']);
      });

      it('rejects creating an alert that another writer created meanwhile', async () => {
        await seed();
        const error = await rejection(
          store.commit(
            unit({
              events: [makeEvent({ id: 'failed-1', clientId: true })],
              alerts: [makeAlert({ fingerprint: fp(1), count: 9 })],
            }),
          ),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        await expectOnlySeed();
      });

      it('rejects creating an incident whose id exists', async () => {
        await seed();
        const error = await rejection(
          store.commit(
            unit({
              events: [makeEvent({ id: 'failed-1', clientId: true })],
              alerts: [makeAlert({ fingerprint: fp(2) })],
              incidents: [makeIncident({ id: incId(1), status: 'closed' })],
            }),
          ),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        await expectOnlySeed();
      });

      it('rejects the second of two writers that read the same version', async () => {
        const { alert } = await seed();
        await store.commit(unit({ alerts: [{ ...alert, count: 2 }] }));
        const error = await rejection(store.commit(unit({ alerts: [{ ...alert, count: 3 }] })));
        expect(error).toBeInstanceOf(StoreConflictError);
        expect((error as StoreConflictError).what).toContain(fp(1));
        expect(await store.getAlert(fp(1))).toMatchObject({ count: 2, version: 2 });
      });
    });

    describe('listAlerts', () => {
      // 23 alerts; several share a lastSeen so the fingerprint tie-break matters.
      const alerts = Array.from({ length: 23 }, (_, i) =>
        makeAlert({
          fingerprint: fp(i),
          lastSeen: T0 + Math.floor(i / 3) * SECOND,
          state: i % 4 === 0 ? 'resolved' : 'firing',
          resource: i % 2 === 0 ? 'web-1' : 'db-1',
        }),
      );
      const order = (list: typeof alerts) =>
        [...list]
          .sort((a, b) => b.lastSeen - a.lastSeen || (a.fingerprint < b.fingerprint ? 1 : -1))
          .map((a) => a.fingerprint);

      beforeEach(async () => {
        await store.commit(unit({ alerts }));
      });

      it.each([1, 5, 7, 23, 50])(
        'pages with limit %i return every alert once, newest lastSeen first',
        async (limit) => {
          const { items, pages } = await readAll((cursor) => store.listAlerts({ limit, cursor }), limit);
          expect(items.map((a) => a.fingerprint)).toEqual(order(alerts));
          expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)));
        },
      );

      it('filters by state and resource, also across pages', async () => {
        const firing = await readAll((cursor) => store.listAlerts({ state: 'firing', limit: 4, cursor }), 4);
        expect(firing.items.map((a) => a.fingerprint)).toEqual(
          order(alerts.filter((a) => a.state === 'firing')),
        );
        const both = await readAll(
          (cursor) => store.listAlerts({ state: 'resolved', resource: 'web-1', limit: 2, cursor }),
          2,
        );
        expect(both.items.map((a) => a.fingerprint)).toEqual(
          order(alerts.filter((a) => a.state === 'resolved' && a.resource === 'web-1')),
        );
        expect(await store.listAlerts({ resource: 'nobody', limit: 5 })).toEqual({ items: [], next: null });
      });

      it('sees an update that moves an alert', async () => {
        const alert = (await store.getAlert(fp(0)))!;
        await store.commit(unit({ alerts: [{ ...alert, lastSeen: T0 + MINUTE, state: 'firing' }] }));
        const first = await store.listAlerts({ limit: 1 });
        expect(first.items.map((a) => a.fingerprint)).toEqual([fp(0)]);
        expect(
          (await store.listAlerts({ state: 'resolved', limit: 50 })).items.map((a) => a.fingerprint),
        ).not.toContain(fp(0));
      });
    });

    describe('listIncidents', () => {
      const statuses = ['new', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
      const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
      // Ids past 9 and 99 check that the order is numeric.
      const numbers = [1, 2, 3, 9, 10, 11, 42, 99, 100, 101, 250, 999, 1000, 1001];
      const incidents = numbers.map((n, i) =>
        makeIncident({ id: incId(n), status: statuses[i % 5]!, priority: priorities[(i * 2) % 5]! }),
      );
      const ids = (list: IncidentRecord[]) => list.map((i) => i.id);
      const newestFirst = (list: IncidentRecord[]) => ids([...list].reverse());

      beforeEach(async () => {
        // Stored in two units, out of id order.
        await store.commit(unit({ incidents: incidents.slice(7) }));
        await store.commit(unit({ incidents: incidents.slice(0, 7) }));
      });

      it.each([1, 3, 14, 20])(
        'pages with limit %i return every incident once, newest (highest id number) first',
        async (limit) => {
          const { items } = await readAll((cursor) => store.listIncidents({ limit, cursor }), limit);
          expect(ids(items)).toEqual(newestFirst(incidents));
        },
      );

      it('filters by status, priority and openness, also across pages', async () => {
        for (const status of statuses) {
          const { items } = await readAll((cursor) => store.listIncidents({ status, limit: 2, cursor }), 2);
          expect(ids(items)).toEqual(newestFirst(incidents.filter((i) => i.status === status)));
        }
        const p1 = await readAll((cursor) => store.listIncidents({ priority: 'P1', limit: 2, cursor }), 2);
        expect(ids(p1.items)).toEqual(newestFirst(incidents.filter((i) => i.priority === 'P1')));
        const open = await readAll((cursor) => store.listIncidents({ open: true, limit: 3, cursor }), 3);
        expect(ids(open.items)).toEqual(
          newestFirst(incidents.filter((i) => !['resolved', 'closed'].includes(i.status))),
        );
        const done = await readAll((cursor) => store.listIncidents({ open: false, limit: 3, cursor }), 3);
        expect(ids(done.items)).toEqual(
          newestFirst(incidents.filter((i) => ['resolved', 'closed'].includes(i.status))),
        );
        const openP = await store.listIncidents({ open: true, priority: incidents[0]!.priority, limit: 50 });
        expect(ids(openP.items)).toEqual(
          newestFirst(
            incidents.filter(
              (i) => i.priority === incidents[0]!.priority && !['resolved', 'closed'].includes(i.status),
            ),
          ),
        );
      });
    });

    describe('list cursors', () => {
      it('reject forged or foreign cursors with VIGIL_ERR_BAD_CURSOR', async () => {
        await store.commit(
          unit({ alerts: [makeAlert({ fingerprint: fp(1) }), makeAlert({ fingerprint: fp(2) })] }),
        );
        const alertCursor = (await store.listAlerts({ limit: 1 })).next!;
        expect(alertCursor).toEqual(expect.any(String));
        // Thunks: each call starts only when awaited, so no rejection waits unhandled.
        for (const attempt of [
          () => store.listAlerts({ limit: 5, cursor: 'garbage!' }),
          () => store.listIncidents({ limit: 5, cursor: alertCursor }),
          () => store.listCis({ limit: 5, cursor: alertCursor }),
          () => store.listCis({ limit: 5, q: 'x', cursor: alertCursor }),
          () => store.listAlerts({ limit: 5, cursor: Buffer.from('[1]').toString('base64url') }),
        ]) {
          const error = await rejection(attempt());
          expect(error).toBeInstanceOf(VigilError);
          expect((error as VigilError).code).toBe('VIGIL_ERR_BAD_CURSOR');
        }
      });
    });

    describe('timeline', () => {
      it('keeps entries in commit order per incident', async () => {
        await store.commit(
          unit({
            incidents: [makeIncident({ id: incId(1) }), makeIncident({ id: incId(2) })],
            timeline: [
              { incidentId: incId(1), entry: entry(T0, 'created', 'a') },
              { incidentId: incId(2), entry: entry(T0, 'created', 'x') },
              { incidentId: incId(1), entry: entry(T0, 'classified', 'b') },
              { incidentId: incId(1), entry: entry(T0, 'classified', 'c') },
            ],
          }),
        );
        // Same timestamp and an earlier one later: order is commit order, not time.
        await store.commit(
          unit({ timeline: [{ incidentId: incId(1), entry: entry(T0 - SECOND, 'note', 'd') }] }),
        );
        await store.commit(
          unit({ timeline: [{ incidentId: incId(1), entry: entry(T0 + MINUTE, 'resolved', 'e') }] }),
        );
        expect((await store.getTimeline(incId(1))).map((e) => e.detail)).toEqual(['a', 'b', 'c', 'd', 'e']);
        expect(await store.getTimeline(incId(2))).toEqual([entry(T0, 'created', 'x')]);
      });
    });

    describe('incidentsDueForResolution', () => {
      it('returns open incidents whose hold-down expires at or before now', async () => {
        await store.commit(
          unit({
            incidents: [
              makeIncident({ id: incId(1), resolveDueAt: T0 - SECOND }),
              makeIncident({ id: incId(2), resolveDueAt: T0 }),
              makeIncident({ id: incId(3), resolveDueAt: T0 + SECOND }),
              makeIncident({ id: incId(4), resolveDueAt: null }),
              makeIncident({ id: incId(5), resolveDueAt: T0 - MINUTE, status: 'resolved' }),
              makeIncident({ id: incId(6), resolveDueAt: T0 - MINUTE, status: 'closed' }),
              makeIncident({ id: incId(7), resolveDueAt: T0 - MINUTE, status: 'in_progress' }),
            ],
          }),
        );
        const due = await store.incidentsDueForResolution(T0);
        expect(due.map((i) => i.id).sort()).toEqual([incId(1), incId(2), incId(7)]);
        expect(due.find((i) => i.id === incId(2))).toMatchObject({ version: 1, resolveDueAt: T0 });
        expect((await store.incidentsDueForResolution(T0 + SECOND)).map((i) => i.id).sort()).toEqual([
          incId(1),
          incId(2),
          incId(3),
          incId(7),
        ]);
      });

      it('forgets an incident once its hold-down is cleared', async () => {
        await store.commit(unit({ incidents: [makeIncident({ id: incId(1), resolveDueAt: T0 })] }));
        const incident = (await store.getIncident(incId(1)))!;
        await store.commit(unit({ incidents: [{ ...incident, resolveDueAt: null }] }));
        expect(await store.incidentsDueForResolution(T0 + MINUTE)).toEqual([]);
      });
    });

    describe('incidentsDueForEscalation', () => {
      it('returns open incidents whose next escalation is at or before now, soonest first, up to the limit', async () => {
        await store.commit(
          unit({
            incidents: [
              makeIncident({ id: incId(1), escalationDueAt: T0 }),
              makeIncident({ id: incId(2), escalationDueAt: T0 - MINUTE }),
              makeIncident({ id: incId(3), escalationDueAt: T0 + SECOND }),
              makeIncident({ id: incId(4), escalationDueAt: null }),
              makeIncident({ id: incId(5) }),
              makeIncident({ id: incId(6), escalationDueAt: T0 - MINUTE, status: 'resolved' }),
              makeIncident({ id: incId(7), escalationDueAt: T0 - MINUTE, status: 'closed' }),
              makeIncident({ id: incId(8), escalationDueAt: T0 - SECOND, status: 'in_progress' }),
              makeIncident({ id: incId(9), escalationDueAt: T0 - MINUTE, breaches: ['response'] }),
            ],
          }),
        );
        const due = await store.incidentsDueForEscalation(T0, 10);
        expect(due.map((i) => i.id)).toEqual([incId(2), incId(9), incId(8), incId(1)]);
        expect(due[1]).toMatchObject({ version: 1, escalationDueAt: T0 - MINUTE, breaches: ['response'] });
        expect((await store.incidentsDueForEscalation(T0, 2)).map((i) => i.id)).toEqual([incId(2), incId(9)]);
        expect((await store.incidentsDueForEscalation(T0 + SECOND, 10)).map((i) => i.id)).toContain(incId(3));
      });

      it('follows the escalation time as it moves, and forgets an incident once it resolves', async () => {
        await store.commit(unit({ incidents: [makeIncident({ id: incId(1), escalationDueAt: T0 })] }));
        const first = (await store.getIncident(incId(1)))!;
        await store.commit(unit({ incidents: [{ ...first, escalationDueAt: T0 + MINUTE }] }));
        expect(await store.incidentsDueForEscalation(T0, 10)).toEqual([]);
        expect((await store.incidentsDueForEscalation(T0 + MINUTE, 10)).map((i) => i.id)).toEqual([incId(1)]);
        const second = (await store.getIncident(incId(1)))!;
        await store.commit(unit({ incidents: [{ ...second, status: 'resolved', resolvedAt: T0 }] }));
        expect(await store.incidentsDueForEscalation(T0 + MINUTE, 10)).toEqual([]);
        const third = (await store.getIncident(incId(1)))!;
        await store.commit(unit({ incidents: [{ ...third, escalationDueAt: null, status: 'new' }] }));
        expect(await store.incidentsDueForEscalation(T0 + MINUTE, 10)).toEqual([]);
      });
    });

    describe('alertsExpiringBefore', () => {
      it('returns firing alerts whose expiry is at or before now, soonest first, up to the limit', async () => {
        await store.commit(
          unit({
            alerts: [
              makeAlert({ fingerprint: fp(1), expiresAt: T0 }),
              makeAlert({ fingerprint: fp(2), expiresAt: T0 - MINUTE }),
              makeAlert({ fingerprint: fp(3), expiresAt: T0 + SECOND }),
              makeAlert({ fingerprint: fp(4), expiresAt: null }),
              makeAlert({ fingerprint: fp(5) }),
              makeAlert({ fingerprint: fp(6), expiresAt: T0 - MINUTE, state: 'resolved' }),
              makeAlert({ fingerprint: fp(7), expiresAt: T0 - SECOND }),
            ],
          }),
        );
        const due = await store.alertsExpiringBefore(T0, 10);
        expect(due.map((a) => a.fingerprint)).toEqual([fp(2), fp(7), fp(1)]);
        expect(due[2]).toMatchObject({ version: 1, expiresAt: T0, state: 'firing' });
        expect((await store.alertsExpiringBefore(T0, 2)).map((a) => a.fingerprint)).toEqual([fp(2), fp(7)]);
        expect((await store.alertsExpiringBefore(T0 + SECOND, 10)).map((a) => a.fingerprint)).toEqual([
          fp(2),
          fp(7),
          fp(1),
          fp(3),
        ]);
        expect(await store.getAlert(fp(4))).not.toHaveProperty('expiresAt');
      });

      it('follows a refresh that moves the expiry on, and forgets an alert once it resolves', async () => {
        await store.commit(unit({ alerts: [makeAlert({ fingerprint: fp(1), expiresAt: T0 })] }));
        let alert = (await store.getAlert(fp(1)))!;
        // A repeat: only the activity (count, last seen, expiry) changes.
        await store.commit(unit({ alerts: [{ ...alert, count: 2, lastSeen: T0, expiresAt: T0 + MINUTE }] }));
        expect(await store.alertsExpiringBefore(T0, 10)).toEqual([]);
        alert = (await store.getAlert(fp(1)))!;
        expect(alert).toMatchObject({ count: 2, expiresAt: T0 + MINUTE });
        expect((await store.alertsExpiringBefore(T0 + MINUTE, 10)).map((a) => a.fingerprint)).toEqual([
          fp(1),
        ]);
        await store.commit(unit({ alerts: [{ ...alert, state: 'resolved', expiresAt: null }] }));
        expect(await store.alertsExpiringBefore(T0 + MINUTE, 10)).toEqual([]);
        expect(await store.getAlert(fp(1))).not.toHaveProperty('expiresAt');
      });
    });

    describe('openIncidentCounts', () => {
      it('counts open incidents by priority and category, following updates', async () => {
        await store.commit(
          unit({
            incidents: [
              makeIncident({ id: incId(1), priority: 'P1', category: 'network' }),
              makeIncident({ id: incId(2), priority: 'P1', category: 'network', status: 'in_progress' }),
              makeIncident({ id: incId(3), priority: 'P3', category: 'capacity', status: 'assigned' }),
              makeIncident({ id: incId(4), priority: 'P3', category: 'capacity', status: 'resolved' }),
              makeIncident({ id: incId(5), priority: 'P2', category: 'hardware', status: 'closed' }),
            ],
          }),
        );
        const sorted = (rows: Array<{ priority: string; category: string; count: number }>) =>
          [...rows].sort((a, b) => `${a.priority}${a.category}`.localeCompare(`${b.priority}${b.category}`));
        expect(sorted(await store.openIncidentCounts())).toEqual([
          { priority: 'P1', category: 'network', count: 2 },
          { priority: 'P3', category: 'capacity', count: 1 },
        ]);
        const one = (await store.getIncident(incId(1)))!;
        await store.commit(unit({ incidents: [{ ...one, status: 'resolved' }] }));
        const three = (await store.getIncident(incId(3)))!;
        await store.commit(unit({ incidents: [{ ...three, priority: 'P2' }] }));
        expect(sorted(await store.openIncidentCounts())).toEqual([
          { priority: 'P1', category: 'network', count: 1 },
          { priority: 'P2', category: 'capacity', count: 1 },
        ]);
      });
    });

    describe('problems', () => {
      it('stores problems with their version and finds one by id', async () => {
        await store.commit(unit({ problems: [makeProblem(1, { incidentIds: [incId(1)] })] }));
        expect(await store.getProblem(prbId(1))).toEqual(
          makeProblem(1, { incidentIds: [incId(1)], version: 1 }),
        );
        expect(await store.getProblem(prbId(2))).toBeNull();
        const stored = (await store.getProblem(prbId(1)))!;
        await store.commit(
          unit({ problems: [{ ...stored, state: 'known_error', workaround: 'rotate logs' }] }),
        );
        expect(await store.getProblem(prbId(1))).toMatchObject({
          state: 'known_error',
          workaround: 'rotate logs',
          version: 2,
        });
      });

      it('rejects a stale problem and rolls back the whole unit', async () => {
        await store.commit(unit({ problems: [makeProblem(1)] }));
        const stored = (await store.getProblem(prbId(1)))!;
        await store.commit(unit({ problems: [{ ...stored, rootCause: 'first' }] }));
        const error = await rejection(
          store.commit(
            unit({
              incidents: [makeIncident({ id: incId(9) })],
              problems: [{ ...stored, rootCause: 'second' }],
            }),
          ),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        expect(await store.getProblem(prbId(1))).toMatchObject({ rootCause: 'first', version: 2 });
        expect(await store.getIncident(incId(9))).toBeNull();
      });

      it('keeps one live problem per resource and check: a second is a conflict', async () => {
        await store.commit(unit({ problems: [makeProblem(1)] }));
        expect(await rejection(store.commit(unit({ problems: [makeProblem(2)] })))).toBeInstanceOf(
          StoreConflictError,
        );
        expect(await rejection(store.commit(unit({ problems: [makeProblem(1)] })))).toBeInstanceOf(
          StoreConflictError,
        );
        // Another check on the same resource is another key.
        await store.commit(unit({ problems: [makeProblem(3, { check: 'cpu.usage' })] }));
        // Once the first is resolved, a new problem for its key can open.
        const one = (await store.getProblem(prbId(1)))!;
        await store.commit(unit({ problems: [{ ...one, state: 'resolved' }] }));
        await store.commit(unit({ problems: [makeProblem(2)] }));
        expect((await store.getProblem(prbId(2)))?.version).toBe(1);
      });

      it('finds the open or known-error problem of a resource and check', async () => {
        expect(await store.findOpenProblem('web-1', 'filesystem.used_percent')).toBeNull();
        await store.commit(unit({ problems: [makeProblem(1, { state: 'resolved' })] }));
        expect(await store.findOpenProblem('web-1', 'filesystem.used_percent')).toBeNull();
        await store.commit(unit({ problems: [makeProblem(2, { state: 'known_error' })] }));
        expect((await store.findOpenProblem('web-1', 'filesystem.used_percent'))?.id).toBe(prbId(2));
        expect(await store.findOpenProblem('web-2', 'filesystem.used_percent')).toBeNull();
        expect(await store.findOpenProblem('web-1', 'cpu.usage')).toBeNull();
        const two = (await store.getProblem(prbId(2)))!;
        await store.commit(unit({ problems: [{ ...two, state: 'closed' }] }));
        expect(await store.findOpenProblem('web-1', 'filesystem.used_percent')).toBeNull();
      });

      it('lists problems newest first with a state filter and cursors', async () => {
        await store.commit(
          unit({
            problems: Array.from({ length: 7 }, (_, i) =>
              makeProblem(i + 1, { resource: `web-${i + 1}`, state: i % 2 === 0 ? 'open' : 'resolved' }),
            ),
          }),
        );
        const all = await readAll(
          (cursor) => store.listProblems({ limit: 3, ...(cursor ? { cursor } : {}) }),
          3,
        );
        expect(all.items.map((p) => p.id)).toEqual([7, 6, 5, 4, 3, 2, 1].map(prbId));
        expect(all.pages).toBe(3);
        const open = await readAll(
          (cursor) => store.listProblems({ state: 'open', limit: 2, ...(cursor ? { cursor } : {}) }),
          2,
        );
        expect(open.items.map((p) => p.id)).toEqual([7, 5, 3, 1].map(prbId));
      });

      it('counts problems by state', async () => {
        await store.commit(
          unit({
            problems: [
              makeProblem(1),
              makeProblem(2, { resource: 'web-2' }),
              makeProblem(3, { state: 'known_error', resource: 'web-3' }),
              makeProblem(4, { state: 'closed' }),
            ],
          }),
        );
        const rows = [...(await store.problemCounts())].sort((a, b) => a.state.localeCompare(b.state));
        expect(rows).toEqual([
          { state: 'closed', count: 1 },
          { state: 'known_error', count: 1 },
          { state: 'open', count: 2 },
        ]);
      });

      it('lists the incidents of a resource and check created since a time, oldest first, bounded', async () => {
        const key = { resource: 'web-1', check: 'filesystem.used_percent' };
        await store.commit(
          unit({
            incidents: [
              makeIncident({ id: incId(1), ...key, createdAt: T0 }),
              makeIncident({ id: incId(2), ...key, createdAt: T0 + 3 * MINUTE }),
              makeIncident({ id: incId(3), ...key, createdAt: T0 + 2 * MINUTE }),
              makeIncident({ id: incId(4), ...key, createdAt: T0 + 2 * MINUTE }),
              makeIncident({ id: incId(5), resource: 'web-2', check: key.check, createdAt: T0 + 2 * MINUTE }),
              makeIncident({
                id: incId(6),
                resource: 'web-1',
                check: 'cpu.usage',
                createdAt: T0 + 2 * MINUTE,
              }),
              makeIncident({ id: incId(7), createdAt: T0 + 2 * MINUTE }),
            ],
          }),
        );
        const ids = async (since: number, limit: number) =>
          (await store.incidentsByKey(key.resource, key.check, since, limit)).map((i) => i.id);
        expect(await ids(T0, 10)).toEqual([incId(1), incId(3), incId(4), incId(2)]);
        expect(await ids(T0 + 2 * MINUTE, 10)).toEqual([incId(3), incId(4), incId(2)]);
        expect(await ids(T0, 2)).toEqual([incId(1), incId(3)]);
        expect(await ids(T0 + 4 * MINUTE, 10)).toEqual([]);
        // Updates keep the key.
        const one = (await store.getIncident(incId(1)))!;
        await store.commit(unit({ incidents: [{ ...one, status: 'resolved', problemId: prbId(1) }] }));
        expect((await store.incidentsByKey(key.resource, key.check, T0, 1))[0]).toMatchObject({
          id: incId(1),
          problemId: prbId(1),
          version: 2,
        });
      });
    });

    describe('CMDB', () => {
      const host = (n: number, overrides: Partial<CiRecord> = {}) =>
        makeCi({
          id: ciId(n),
          class: 'host',
          name: `host-${n}`,
          identifiers: { hostname: `host-${n}` },
          ...overrides,
        });
      const rel = (from: number, to: number, type: CiRelation['type'], since = T0): CiRelation => ({
        fromId: ciId(from),
        toId: ciId(to),
        type,
        source: 'test',
        confidence: 1,
        since,
      });

      it('stores CIs and finds them by id and by name', async () => {
        const ci = host(1, { attributes: { os: { value: 'debian', source: 'ssh', at: T0 } } });
        await store.commitCmdb({
          cis: [ci, host(2, { name: 'twin' }), host(3, { name: 'twin' })],
          relations: [],
          history: [],
        });
        expect(await store.getCi(ciId(1))).toEqual({ ...ci, version: 1 });
        expect((await store.findCisByName('twin')).map((c) => c.id)).toEqual([ciId(2), ciId(3)]);
        expect(await store.findCisByName('TWIN')).toEqual([]);
      });

      it('looks identifiers up by class, kind, value and parent scope', async () => {
        const fsA = makeCi({
          id: ciId(3),
          class: 'filesystem',
          name: '/',
          parentId: ciId(1),
          identifiers: { mount: '/' },
        });
        const fsB = makeCi({
          id: ciId(4),
          class: 'filesystem',
          name: '/',
          parentId: ciId(2),
          identifiers: { mount: '/' },
        });
        await store.commitCmdb({
          cis: [host(1, { identifiers: { serial: 'SN1', hostname: 'host-1' } }), host(2), fsA, fsB],
          relations: [],
          history: [],
        });
        expect((await store.findCiByIdentifier('host', 'serial', 'SN1', null))?.id).toBe(ciId(1));
        expect((await store.findCiByIdentifier('host', 'hostname', 'host-2', null))?.id).toBe(ciId(2));
        expect((await store.findCiByIdentifier('filesystem', 'mount', '/', ciId(1)))?.id).toBe(ciId(3));
        expect((await store.findCiByIdentifier('filesystem', 'mount', '/', ciId(2)))?.id).toBe(ciId(4));
        expect(await store.findCiByIdentifier('filesystem', 'mount', '/', null)).toBeNull();
        expect(await store.findCiByIdentifier('filesystem', 'mount', '/', ciId(9))).toBeNull();
        expect(await store.findCiByIdentifier('network_device', 'serial', 'SN1', null)).toBeNull();
        expect(await store.findCiByIdentifier('host', 'uuid', 'SN1', null)).toBeNull();
      });

      it('replaces a CI identifiers on update, and moves an identifier a newer CI claims', async () => {
        await store.commitCmdb({
          cis: [host(1, { identifiers: { serial: 'SN1', hostname: 'old' } })],
          relations: [],
          history: [],
        });
        const stored = (await store.getCi(ciId(1)))!;
        await store.commitCmdb({
          cis: [{ ...stored, name: 'new', identifiers: { serial: 'SN1', hostname: 'new' } }],
          relations: [],
          history: [],
        });
        expect(await store.findCiByIdentifier('host', 'hostname', 'old', null)).toBeNull();
        expect((await store.findCiByIdentifier('host', 'hostname', 'new', null))?.id).toBe(ciId(1));
        expect((await store.findCisByName('new')).map((c) => c.id)).toEqual([ciId(1)]);
        expect(await store.getCi(ciId(1))).toMatchObject({ name: 'new', version: 2 });

        await store.commitCmdb({
          cis: [host(2, { identifiers: { serial: 'SN2', hostname: 'new' } })],
          relations: [],
          history: [],
        });
        expect((await store.findCiByIdentifier('host', 'hostname', 'new', null))?.id).toBe(ciId(2));
        expect((await store.findCiByIdentifier('host', 'serial', 'SN1', null))?.id).toBe(ciId(1));
      });

      it('rejects a stale CI and rolls back the whole CMDB unit', async () => {
        await store.commitCmdb({ cis: [host(1)], relations: [], history: [] });
        const stored = (await store.getCi(ciId(1)))!;
        await store.commitCmdb({ cis: [{ ...stored, state: 'active' }], relations: [], history: [] });
        const history: CiHistoryEntry = {
          ciId: ciId(1),
          attribute: 'os',
          oldValue: 'a',
          newValue: 'b',
          source: 'ssh',
          at: T0,
        };
        const error = await rejection(
          store.commitCmdb({
            cis: [host(2), { ...stored, name: 'renamed', identifiers: { hostname: 'renamed' } }],
            relations: [rel(2, 1, 'runs_on')],
            history: [history],
          }),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        expect(await store.getCi(ciId(1))).toMatchObject({ name: 'host-1', state: 'active', version: 2 });
        expect(await store.getCi(ciId(2))).toBeNull();
        expect(await store.findCiByIdentifier('host', 'hostname', 'renamed', null)).toBeNull();
        expect((await store.findCiByIdentifier('host', 'hostname', 'host-1', null))?.id).toBe(ciId(1));
        expect(await store.relationsOf(ciId(1))).toEqual([]);
        expect(await store.ciHistory(ciId(1), 10)).toEqual([]);
      });

      it('rejects creating a CI whose id exists', async () => {
        await store.commitCmdb({ cis: [host(1)], relations: [], history: [] });
        const error = await rejection(
          store.commitCmdb({ cis: [host(2), host(1, { name: 'dup' })], relations: [], history: [] }),
        );
        expect(error).toBeInstanceOf(StoreConflictError);
        expect(await store.getCi(ciId(1))).toMatchObject({ name: 'host-1', version: 1 });
        expect(await store.getCi(ciId(2))).toBeNull();
      });

      it('lists CIs oldest first with cursors, filtered by class and a case-insensitive literal name prefix', async () => {
        const cis = Array.from({ length: 17 }, (_, i) =>
          makeCi({
            id: ciId(i + 1),
            class: i % 3 === 0 ? 'network_device' : 'host',
            name: i === 5 ? 'Web_100%' : i % 2 === 0 ? `web-${i}` : `db-${i}`,
          }),
        );
        // Stored in two units, newest first.
        await store.commitCmdb({ cis: cis.slice(9), relations: [], history: [] });
        await store.commitCmdb({ cis: cis.slice(0, 9), relations: [], history: [] });
        const idsOf = (list: CiRecord[]) => list.map((c) => c.id);

        for (const limit of [1, 4, 17, 30]) {
          const { items } = await readAll((cursor) => store.listCis({ limit, cursor }), limit);
          expect(idsOf(items)).toEqual(idsOf(cis));
        }
        const devices = await readAll(
          (cursor) => store.listCis({ class: 'network_device', limit: 2, cursor }),
          2,
        );
        expect(idsOf(devices.items)).toEqual(idsOf(cis.filter((c) => c.class === 'network_device')));
        const web = await readAll((cursor) => store.listCis({ q: 'WEB', limit: 3, cursor }), 3);
        expect(idsOf(web.items)).toEqual(idsOf(cis.filter((c) => c.name.toLowerCase().startsWith('web'))));
        const webHosts = await store.listCis({ q: 'web', class: 'host', limit: 50 });
        expect(idsOf(webHosts.items)).toEqual(
          idsOf(cis.filter((c) => c.name.toLowerCase().startsWith('web') && c.class === 'host')),
        );
        expect(idsOf((await store.listCis({ q: 'web_100%', limit: 50 })).items)).toEqual([ciId(6)]);
        expect(idsOf((await store.listCis({ q: 'web%', limit: 50 })).items)).toEqual([]);
        expect(idsOf((await store.listCis({ q: '_', limit: 50 })).items)).toEqual([]);
        expect(idsOf((await store.listCis({ q: 'b-1', limit: 50 })).items)).toEqual([]);
        expect(idsOf((await store.listCis({ q: 'db-1', limit: 50 })).items)).toEqual(
          idsOf(cis.filter((c) => c.name.startsWith('db-1'))),
        );
      });

      it('returns relations in both directions and updates one observed again, keeping since', async () => {
        await store.commitCmdb({
          cis: [host(1), host(2), host(3)],
          relations: [rel(2, 1, 'runs_on'), rel(1, 3, 'connected_to')],
          history: [],
        });
        const sortRel = (list: CiRelation[]) =>
          [...list].sort((a, b) => `${a.fromId}${a.toId}`.localeCompare(`${b.fromId}${b.toId}`));
        expect(sortRel(await store.relationsOf(ciId(1)))).toEqual([
          rel(1, 3, 'connected_to'),
          rel(2, 1, 'runs_on'),
        ]);
        expect(await store.relationsOf(ciId(2))).toEqual([rel(2, 1, 'runs_on')]);

        await store.commitCmdb({
          cis: [],
          relations: [{ ...rel(2, 1, 'runs_on', T0 + MINUTE), source: 'ssh', confidence: 0.5 }],
          history: [],
        });
        expect(await store.relationsOf(ciId(2))).toEqual([
          { ...rel(2, 1, 'runs_on'), source: 'ssh', confidence: 0.5 },
        ]);
      });

      it('finds dependents transitively through runs_on and depends_on, bounded by depth and limit', async () => {
        // app(4) runs_on vm(3) runs_on hv(1); svc(5) depends_on app(4); fs(2) is contained by hv(1);
        // sw(6) is connected_to hv(1); svc2(7) depends_on fs(2).
        await store.commitCmdb({
          cis: [1, 2, 3, 4, 5, 6, 7].map((n) => host(n)),
          relations: [
            rel(3, 1, 'runs_on'),
            rel(4, 3, 'runs_on'),
            rel(5, 4, 'depends_on'),
            rel(1, 2, 'contains'),
            rel(6, 1, 'connected_to'),
            rel(1, 6, 'connected_to'),
            rel(7, 2, 'depends_on'),
          ],
          history: [],
        });
        const deps = async (id: number, depth: number, limit = 100) =>
          (await store.dependentsOf(ciId(id), depth, limit)).sort();
        expect(await deps(1, 6)).toEqual([ciId(3), ciId(4), ciId(5)]);
        expect(await deps(1, 1)).toEqual([ciId(3)]);
        expect(await deps(1, 2)).toEqual([ciId(3), ciId(4)]);
        expect(await deps(4, 6)).toEqual([ciId(5)]);
        expect(await deps(5, 6)).toEqual([]);
        expect(await deps(2, 6)).toEqual([ciId(7)]);
        expect(await deps(6, 6)).toEqual([]);
        expect(await store.dependentsOf(ciId(1), 6, 2)).toHaveLength(2);
      });

      it('counts each dependent once and never the CI itself, even around cycles', async () => {
        // 2 and 3 both depend on 1, 4 depends on both, and 1 depends on 4 (a cycle).
        await store.commitCmdb({
          cis: [1, 2, 3, 4].map((n) => host(n)),
          relations: [
            rel(2, 1, 'depends_on'),
            rel(3, 1, 'runs_on'),
            rel(4, 2, 'depends_on'),
            rel(4, 3, 'depends_on'),
            rel(1, 4, 'depends_on'),
          ],
          history: [],
        });
        expect((await store.dependentsOf(ciId(1), 10, 100)).sort()).toEqual([ciId(2), ciId(3), ciId(4)]);
      });

      it('returns CI history newest first, limited', async () => {
        await store.commitCmdb({ cis: [host(1), host(2)], relations: [], history: [] });
        const change = (n: number, ci = 1): CiHistoryEntry => ({
          ciId: ciId(ci),
          attribute: 'os',
          oldValue: `v${n - 1}`,
          newValue: `v${n}`,
          source: 'ssh',
          at: T0 + n * MINUTE,
        });
        await store.commitCmdb({ cis: [], relations: [], history: [change(1), change(2), change(1, 2)] });
        await store.commitCmdb({ cis: [], relations: [], history: [change(3)] });
        expect(await store.ciHistory(ciId(1), 10)).toEqual([change(3), change(2), change(1)]);
        expect(await store.ciHistory(ciId(1), 2)).toEqual([change(3), change(2)]);
        expect(await store.ciHistory(ciId(2), 10)).toEqual([change(1, 2)]);
      });

      it('keeps a history entry without old value (first sighting)', async () => {
        await store.commitCmdb({
          cis: [host(1)],
          relations: [],
          history: [
            {
              ciId: ciId(1),
              attribute: 'os',
              oldValue: undefined,
              newValue: 'debian',
              source: 'host',
              at: T0,
            },
          ],
        });
        const [first] = await store.ciHistory(ciId(1), 1);
        expect(first).toMatchObject({ attribute: 'os', newValue: 'debian', source: 'host', at: T0 });
        expect(first!.oldValue).toBeUndefined();
      });

      it('counts CIs by class and state', async () => {
        await store.commitCmdb({
          cis: [
            host(1),
            host(2, { state: 'active' }),
            host(3, { state: 'active' }),
            makeCi({ id: ciId(4), class: 'interface', state: 'missing', parentId: ciId(1) }),
          ],
          relations: [],
          history: [],
        });
        const two = (await store.getCi(ciId(2)))!;
        await store.commitCmdb({ cis: [{ ...two, state: 'retired' }], relations: [], history: [] });
        const rows = (await store.ciCounts()).sort((a, b) =>
          `${a.class}${a.state}`.localeCompare(`${b.class}${b.state}`),
        );
        expect(rows).toEqual([
          { class: 'host', state: 'active', count: 1 },
          { class: 'host', state: 'discovered', count: 1 },
          { class: 'host', state: 'retired', count: 1 },
          { class: 'interface', state: 'missing', count: 1 },
        ]);
      });
    });
  });
}
