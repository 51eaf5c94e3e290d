import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { createVigilMetrics } from '../metrics/vigil-metrics.js';
import type { NativeEvent } from '../model/event.js';
import type { CiObservation, JsonValue } from '../model/observation.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { ChangeWindowLookup } from './change-window.js';
import { Cmdb, type CmdbOptions } from './cmdb.js';

const DAY = 24 * HOUR;
const host = (attributes: Record<string, JsonValue>): CiObservation => ({
  ref: 'host',
  class: 'host',
  name: 'web-1',
  identifiers: { serial: 'SN1', hostname: 'web-1' },
  attributes,
});

describe('Cmdb policies', () => {
  let store: SqliteStore;
  let registry: Registry;
  let clock: ManualClock;
  let emitted: NativeEvent[];
  let cmdb: Cmdb;
  const build = (options: CmdbOptions = {}) => {
    registry = new Registry();
    cmdb = new Cmdb(store, createVigilMetrics(registry), {
      clock,
      emit: async (events) => void emitted.push(...events),
      ...options,
    });
  };
  const see = (source: string, attributes: Record<string, JsonValue> = {}) =>
    cmdb.observe({ source, observedAt: clock.now(), cis: [host(attributes)], relations: [] });

  beforeEach(() => {
    store = new SqliteStore({ path: ':memory:' });
    clock = new ManualClock(T0);
    emitted = [];
    build();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('source precedence', () => {
    it('a manual (api) value outranks discovery; the overruled report is in the history, once', async () => {
      const id = (await see('ssh', { owner: 'team-a' })).ids.get('host')!;
      clock.advance(HOUR);
      await see('api', { owner: 'payments' });
      clock.advance(HOUR);
      await see('ssh', { owner: 'team-b' });
      clock.advance(HOUR);
      await see('ssh', { owner: 'team-b' });
      const ci = await store.getCi(id);
      expect(ci!.attributes['owner']).toEqual({ value: 'payments', source: 'api', at: T0 + HOUR });
      expect(ci!.observed!['owner']).toEqual({
        ssh: { value: 'team-b', at: T0 + 2 * HOUR },
        api: { value: 'payments', at: T0 + HOUR },
      });
      const history = (await store.ciHistory(id, 10)).filter((h) => h.attribute === 'owner');
      expect(history.map((h) => [h.source, h.newValue, h.applied ?? true])).toEqual([
        ['ssh', 'team-b', false],
        ['api', 'payments', true],
        ['ssh', 'team-a', true],
      ]);
    });

    it('a lower-ranked source never overwrites, and fills in attributes nobody else reports', async () => {
      const id = (await see('ssh', { os: 'Debian 12' })).ids.get('host')!;
      await see('host', { os: 'Linux', uptime: 5 });
      const ci = await store.getCi(id);
      expect(ci!.attributes['os']).toMatchObject({ value: 'Debian 12', source: 'ssh' });
      expect(ci!.attributes['uptime']).toMatchObject({ value: 5, source: 'host' });
    });

    it('is configurable per attribute', async () => {
      build({ precedence: { default: ['api', 'ssh', 'snmp', 'host'], attributes: { os: ['host', 'ssh'] } } });
      const id = (await see('ssh', { os: 'Debian 12', kernel: '6.1' })).ids.get('host')!;
      await see('host', { os: 'Linux 6.1 debian', kernel: '6.2' });
      const ci = await store.getCi(id);
      expect(ci!.attributes['os']).toMatchObject({ value: 'Linux 6.1 debian', source: 'host' });
      expect(ci!.attributes['kernel']).toMatchObject({ value: '6.1', source: 'ssh' });
    });
  });

  describe('lifecycle', () => {
    const policy = { observationIntervalMs: HOUR, missingAfter: 3, retireAfterMs: 7 * DAY };
    beforeEach(() => build({ lifecycle: policy }));

    it('discovered -> active -> missing after N missed observations -> retired, still queryable', async () => {
      const id = (await see('host')).ids.get('host')!;
      expect((await store.getCi(id))!.state).toBe('discovered');
      clock.advance(HOUR);
      await see('host');
      expect((await store.getCi(id))!.state).toBe('active');

      clock.advance(3 * HOUR - 1);
      expect(await cmdb.sweepLifecycle()).toBe(0);
      clock.advance(1);
      expect(await cmdb.sweepLifecycle()).toBe(1);
      expect((await store.getCi(id))!.state).toBe('missing');
      expect(await cmdb.sweepLifecycle()).toBe(0);

      clock.set(T0 + HOUR + 7 * DAY);
      expect(await cmdb.sweepLifecycle()).toBe(1);
      expect(await store.getCi(id)).toMatchObject({ state: 'retired', name: 'web-1' });
      expect((await store.listCis({ limit: 10 })).items.map((c) => c.state)).toEqual(['retired']);
      expect(await store.ciHistory(id, 2)).toMatchObject([
        { attribute: '@state', oldValue: 'missing', newValue: 'retired', source: 'lifecycle' },
        { attribute: '@state', oldValue: 'active', newValue: 'missing', source: 'lifecycle' },
      ]);

      // Seen again: back in service.
      await see('host');
      expect((await store.getCi(id))!.state).toBe('active');
    });

    it('leaves CIs entered only by hand alone', async () => {
      const id = (await see('api')).ids.get('host')!;
      clock.advance(30 * DAY);
      expect(await cmdb.sweepLifecycle()).toBe(0);
      expect((await store.getCi(id))!.state).toBe('discovered');
    });
  });

  describe('unauthorised change detection', () => {
    it('raises config.unauthorized_change for a discovered change no change record covers', async () => {
      const id = (await see('ssh', { os: 'Debian 12' })).ids.get('host')!;
      expect(emitted).toEqual([]);
      clock.advance(HOUR);
      await see('ssh', { os: 'Debian 13' });
      expect(emitted).toEqual([
        expect.objectContaining({
          source: 'cmdb',
          resource: 'web-1',
          check: 'config.unauthorized_change',
          severity: 'warning',
          status: 'firing',
          labels: { ci: id, attribute: 'os' },
        }),
      ]);
      expect(emitted[0]!.summary).toContain('"Debian 12" to "Debian 13"');
      expect(await registry.metrics()).toContain('vigil_cmdb_unauthorized_changes_total{class="host"} 1');
    });

    it('stays quiet when a change record covers the CI in the window, and for manual edits', async () => {
      const asked: Array<[string, number, number]> = [];
      const changes: ChangeWindowLookup = {
        async coveringChanges(ciId, from, to) {
          asked.push([ciId, from, to]);
          return [{ id: 'CHG-000001', from, to }];
        },
      };
      build({ changes });
      const id = (await see('ssh', { os: 'Debian 12' })).ids.get('host')!;
      clock.advance(HOUR);
      await see('ssh', { os: 'Debian 13' });
      expect(asked).toEqual([[id, T0, T0 + HOUR]]);
      build();
      clock.advance(HOUR);
      await see('api', { os: 'Debian 13 (pinned)' });
      expect(emitted).toEqual([]);
    });
  });
});
