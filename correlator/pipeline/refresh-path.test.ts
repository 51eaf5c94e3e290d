import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, makeAlert, makeEvent, T0 } from '../../test/support/records.js';
import { closeScenarios, correlationRulesOf, disk, diskOk, scenario } from '../../test/support/scenario.js';
import type { NativeEvent } from '../model/event.js';
import { summarise } from '../model/firing-summary.js';
import type { AlertRecord } from '../model/records.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { DEFAULT_TOPOLOGY } from '../suppression/topology.js';
import type { EventReceipt } from './batch.js';
import { isRefresh } from './refresh-path.js';

afterEach(closeScenarios);

const NO_RULES = correlationRulesOf();
const BLIPS = `correlation:
  - { kind: transient, name: blips, matchers: ['check="filesystem.used_percent"'], within: 2m }
`;
const FLAPPY = `correlation:
  - { kind: flapping, name: flappy, changes: 3, within: 10m }
`;
const FLAPPY_CPU = `correlation:
  - { kind: flapping, name: flappy, matchers: ['check="cpu.load"'], changes: 3, within: 10m }
`;
const unmuted = () => false;

describe('isRefresh', () => {
  const alert = makeAlert({ fingerprint: 'fp-1', labels: { mount: '/' }, incidentId: 'INC-000001' });
  const event = makeEvent({ time: T0 + MINUTE, receivedAt: T0 + MINUTE });
  const refreshes = (e: typeof event, stored: AlertRecord | undefined, rules = NO_RULES, muted = unmuted) =>
    isRefresh(e, stored && summarise(stored), rules, muted);

  it('takes a repeat of a firing alert that changes nothing but its activity', () => {
    expect(refreshes(event, alert)).toBe(true);
    expect(refreshes({ ...event, expiresAt: T0 + HOUR }, alert)).toBe(true);
    // The same labels in another order are the same labels.
    const two = { ...alert, labels: { a: '1', b: '2' } };
    expect(refreshes({ ...event, labels: { b: '2', a: '1' } }, two)).toBe(true);
  });

  it.each<[string, Partial<typeof event>, Partial<AlertRecord>]>([
    ['an alert seen for the first time', {}, {}],
    ['a recovery', { status: 'resolved' }, {}],
    ['a repeat of a resolved alert (it fires again)', {}, { state: 'resolved' }],
    ['a repeat of a suppressed alert (its suppression may have ended)', {}, { state: 'suppressed' }],
    ['a severity change', { severity: 'major' }, {}],
    ['a new summary', { summary: 'now 99% full' }, {}],
    ['changed labels', { labels: { mount: '/', extra: 'x' } }, {}],
    ['a label with another value', { labels: { mount: '/var' } }, {}],
    ['a resource change behind the same dedup key', { resource: 'web-2' }, {}],
    ['a source change behind the same dedup key', { source: 'snmp' }, {}],
    ['a check change behind the same dedup key', { check: 'disk.inodes' }, {}],
    ['an event older than the last state change', { time: T0 - MINUTE }, {}],
  ])('leaves %s to the stages', (what, eventChange, alertChange) => {
    const stored = what.startsWith('an alert seen') ? undefined : { ...alert, ...alertChange };
    expect(refreshes({ ...event, ...eventChange }, stored)).toBe(false);
  });

  it('leaves an alert waiting out a transient rule and a muted one to the stages, not one with flapping history', () => {
    const blips = correlationRulesOf(BLIPS);
    const held = {
      ...alert,
      incidentId: null,
      reasons: [{ at: T0, by: 'rule:blips', reason: 'held_transient' }],
    };
    expect(refreshes(event, held, blips)).toBe(false);
    expect(refreshes(event, held, NO_RULES)).toBe(true);
    const flappy = correlationRulesOf(FLAPPY);
    expect(refreshes(event, { ...alert, stateChanges: [T0] }, flappy)).toBe(true);
    expect(refreshes(event, { ...alert, stateChanges: [] }, flappy)).toBe(true);
    expect(refreshes(event, alert, NO_RULES, () => true)).toBe(false);
  });
});

/** Hides the synchronous alert read from the pipeline, so every event takes the full path. */
const fullPathOnly = (store: SqliteStore) => {
  Object.defineProperty(store, 'readFiringNow', { value: undefined });
  return store;
};

const cpu = (overrides: Partial<NativeEvent> = {}): NativeEvent => ({
  source: 'host',
  resource: 'web-2',
  check: 'cpu.load',
  severity: 'major',
  status: 'firing',
  summary: 'load 12',
  labels: {},
  ...overrides,
});
const prom = (endsAt: number, overrides: Partial<NativeEvent> = {}): NativeEvent => ({
  source: 'prometheus',
  resource: 'db-1:9100',
  check: 'HighLatency',
  severity: 'warning',
  status: 'firing',
  summary: 'p99 above 2s',
  labels: { alertname: 'HighLatency', instance: 'db-1:9100' },
  dedupKey: 'prom:db-1',
  expiresAt: endsAt,
  ...overrides,
});

/**
 * One script of events, timers and a silence, covering what a refresh may and may not skip:
 * repeats, a transient wait, severity and summary changes, flapping, a silence that starts while
 * an alert fires, Prometheus expiry and retries with client ids. Returns every receipt and the
 * final state of alerts, incidents and timelines.
 */
async function runScript(s: ReturnType<typeof scenario>) {
  const receipts: EventReceipt[][] = [];
  const push = async (...events: NativeEvent[]) => receipts.push(await s.push(...events));
  s.at(0);
  await push(disk(), cpu(), prom(T0 + 5 * MINUTE));
  s.at(MINUTE);
  await push(disk(), cpu(), cpu(), prom(T0 + 6 * MINUTE));
  await s.tickAt(2 * MINUTE);
  s.at(3 * MINUTE);
  await push(disk(), cpu({ severity: 'critical' }), prom(T0 + 8 * MINUTE, { summary: 'p99 above 3s' }));
  s.at(4 * MINUTE);
  await push(cpu(), cpu({ severity: 'critical' }), diskOk(), disk());
  s.at(5 * MINUTE);
  await push(
    diskOk(),
    disk(),
    cpu({ severity: 'critical', id: 'retry-1' }),
    cpu({ severity: 'critical', id: 'retry-1' }),
  );
  await s.suppression.silences.create({
    matchers: ['resource="web-2"'],
    endsAt: T0 + HOUR,
    createdBy: 'alice',
    comment: 'planned reboot',
  });
  s.at(6 * MINUTE);
  await push(cpu({ severity: 'critical' }), prom(T0 + 9 * MINUTE, { summary: 'p99 above 3s' }));
  await s.tickAt(20 * MINUTE);
  s.at(21 * MINUTE);
  await push(disk(), disk(), prom(T0 + 30 * MINUTE, { summary: 'p99 above 3s' }));
  // Sender ids: a new one refreshes, a stored one (a retry) and one repeated in the batch do not.
  s.at(21 * MINUTE + 10_000);
  await push(disk({ id: 'agent-1' }), prom(T0 + 30 * MINUTE, { summary: 'p99 above 3s', id: 'agent-2' }));
  s.at(21 * MINUTE + 20_000);
  await push(disk({ id: 'agent-1' }), prom(T0 + 30 * MINUTE, { summary: 'p99 above 3s', id: 'agent-3' }));
  await push(disk({ id: 'agent-4' }), disk({ id: 'agent-4' }));
  // A change and a repeat of one alert in one batch: both must take the full path, in order.
  s.at(22 * MINUTE);
  await push(disk({ summary: '/ is 98% full' }), disk(), prom(T0 + 31 * MINUTE, { summary: 'p99 above 3s' }));
  const alerts = (await s.store.listAlerts({ limit: 100 })).items;
  const incidents = await s.incidents();
  const timelines = await Promise.all(incidents.map((i) => s.store.getTimeline(i.id)));
  return { receipts, alerts, incidents, timelines };
}

describe('the refresh path', () => {
  it.each([
    ['a flapping rule for one check', [BLIPS, FLAPPY_CPU], undefined],
    ['a flapping rule for every alert', [BLIPS, FLAPPY], undefined],
    [
      'topology suppression waiting 30 s for parents (its decisions need CMDB lookups)',
      [BLIPS, FLAPPY_CPU],
      DEFAULT_TOPOLOGY,
    ],
  ])('ends in exactly the state the full path does, event for event (%s)', async (_, rules, topology) => {
    const withRefresh = scenario({ rules, ...(topology ? { topology } : {}) });
    const fullOnly = scenario({ rules, wrapStore: fullPathOnly, ...(topology ? { topology } : {}) });
    const a = await runScript(withRefresh);
    const b = await runScript(fullOnly);
    const ids = (receipts: EventReceipt[][]) => receipts.map((batch) => batch.map(({ id: _, ...r }) => r));
    expect(ids(a.receipts)).toEqual(ids(b.receipts));
    // Silence ids are random: each run made its own silence.
    const same = (x: unknown) =>
      JSON.parse(JSON.stringify(x).replace(/silence:[0-9a-f-]{36}/g, 'silence:ID'));
    expect(same(a.alerts)).toEqual(same(b.alerts));
    expect(JSON.stringify(a.alerts)).toContain('silence:');
    expect(same(a.incidents)).toEqual(same(b.incidents));
    expect(same(a.timelines)).toEqual(same(b.timelines));
    // The script is not vacuous: the refresh path took events in one run and none in the other.
    const refreshed = async (s: ReturnType<typeof scenario>) =>
      Number(/^vigil_events_refreshed_total (\d+)$/m.exec(await s.metrics())?.[1] ?? 'NaN');
    expect(await refreshed(withRefresh)).toBeGreaterThanOrEqual(4);
    expect(await refreshed(fullOnly)).toBe(0);
    // Both count the same events received and deduplicated.
    const counts = (text: string) =>
      text.split('\n').filter((l) => /^vigil_events_(received|deduplicated)_total/.test(l));
    expect(counts(await withRefresh.metrics())).toEqual(counts(await fullOnly.metrics()));
  });

  it('refreshes with a new sender id, records the id, and answers its retry as a duplicate', async () => {
    const s = scenario();
    s.at(0);
    const [first] = await s.push(disk());
    s.at(MINUTE);
    const [fresh] = await s.push(disk({ id: 'agent-7' }));
    expect(fresh).toMatchObject({ id: 'agent-7', status: 'accepted', decision: 'repeat' });
    expect(await s.metrics()).toContain('vigil_events_refreshed_total 1');
    s.at(2 * MINUTE);
    const [retry] = await s.push(disk({ id: 'agent-7' }));
    expect(retry).toMatchObject({ id: 'agent-7', status: 'duplicate', decision: 'duplicate_id' });
    const [twice, again] = await s.push(disk({ id: 'agent-8' }), disk({ id: 'agent-8' }));
    expect([twice!.status, again!.status]).toEqual(['accepted', 'duplicate']);
    expect(await s.alert(first)).toMatchObject({ count: 3 });
    expect(await s.metrics()).toContain('vigil_events_refreshed_total 1');
  });

  it('answers a batch of refreshes and other events in input order, each with its decision', async () => {
    const s = scenario();
    s.at(0);
    const [first] = await s.push(disk());
    s.at(MINUTE);
    const receipts = await s.push(disk(), cpu(), disk(), diskOk({ resource: 'web-9' }));
    expect(receipts.map((r) => r.decision)).toEqual(['repeat', 'first_seen', 'repeat', 'first_seen']);
    expect(receipts[0]!.incidentId).toBe(first!.incidentId);
    expect(receipts[1]!.incidentId).toMatch(/^INC-/);
    expect(await s.alert(first)).toMatchObject({ count: 3, lastSeen: T0 + MINUTE });
    expect(await s.metrics()).toContain('vigil_events_refreshed_total 2');
  });
});
