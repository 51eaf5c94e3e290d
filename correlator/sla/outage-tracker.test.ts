import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCi } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { ciSubject, serviceSubject } from '../store/sla-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { OutageTracker } from './outage-tracker.js';
import type { ServiceDefinition } from './service-definition.js';

const M = 60_000;
const service = (name: string, rollup: ServiceDefinition['rollup']): ServiceDefinition => ({
  name,
  selectors: [{ class: 'network_device' }],
  rollup,
  sla: null,
  maintenance: [],
});
const sw = (n: number) => ({ id: `CI-00000${n}` });

describe('OutageTracker with dated state changes', () => {
  let store: SqliteStore;
  let clock: ManualClock;
  let tracker: OutageTracker;
  let t0: number;
  beforeEach(async () => {
    store = new SqliteStore({ path: ':memory:' });
    clock = new ManualClock();
    t0 = clock.now();
    await store.commitCmdb({
      cis: [1, 2, 3].map((n) => makeCi({ id: `CI-00000${n}`, class: 'network_device', name: `sw${n}` })),
      relations: [],
      history: [],
    });
    tracker = new OutageTracker(store, clock, [
      service('any', { kind: 'any' }),
      service('quorum', { kind: 'quorum', down: 2 }),
    ]);
  });
  afterEach(async () => {
    await store.close();
  });

  const outages = async (subject: string) =>
    (await store.outagesBetween([subject], 0, Number.MAX_SAFE_INTEGER)).map((o) => [o.start, o.end]);

  it('opens and closes CI and service outages at the times the changes happened, not when told', async () => {
    clock.set(t0 + 10 * M);
    // Told late and out of order: sw2 went down at +3, sw1 at +1, sw1 came back at +6.
    await tracker.observe([
      { ci: sw(2), up: false, at: t0 + 3 * M },
      { ci: sw(1), up: true, at: t0 + 6 * M },
      { ci: sw(1), up: false, at: t0 + M },
      { ci: sw(3), up: true },
    ]);
    expect(await outages(ciSubject(sw(1).id))).toEqual([[t0 + M, t0 + 6 * M]]);
    expect(await outages(ciSubject(sw(2).id))).toEqual([[t0 + 3 * M, null]]);
    expect(await outages(ciSubject(sw(3).id))).toEqual([]);
    // any: down from the first member down; quorum of 2: down only while sw1 and sw2 both were.
    expect(await outages(serviceSubject('any'))).toEqual([[t0 + M, null]]);
    expect(await outages(serviceSubject('quorum'))).toEqual([[t0 + 3 * M, t0 + 6 * M]]);
    expect(tracker.serviceStates()).toEqual(
      new Map([
        ['any', false],
        ['quorum', true],
      ]),
    );
  });

  it('repeated states change nothing, and a change dated before the last one counts from the last', async () => {
    clock.set(t0 + 10 * M);
    await tracker.observe([{ ci: sw(1), up: false, at: t0 + 5 * M }]);
    await tracker.observe([{ ci: sw(1), up: false, at: t0 + 7 * M }]);
    await tracker.observe([{ ci: sw(1), up: true, at: t0 + 2 * M }]);
    // Closed at its own start: an empty outage, which reports leave out.
    expect(await outages(ciSubject(sw(1).id))).toEqual([]);
    expect(await store.openOutages()).toEqual([]);
    await tracker.observe([{ ci: sw(1), up: false, at: t0 + 8 * M }]);
    expect(await outages(ciSubject(sw(1).id))).toEqual([[t0 + 8 * M, null]]);
  });
});
