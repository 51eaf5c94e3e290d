import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SilenceRecord, SuppressionStore } from '../correlator/store/suppression-store.js';
import type { MaintenanceWindowRecord } from '../correlator/suppression/maintenance/window.js';
import { HOUR, MINUTE, T0 } from './support/records.js';

/** A silence with test defaults: active from T0 for an hour. */
const silence = (id: string, overrides: Partial<SilenceRecord> = {}): SilenceRecord => ({
  id,
  matchers: ['resource="web-1"'],
  startsAt: T0,
  endsAt: T0 + HOUR,
  createdBy: 'alice',
  comment: 'maintenance',
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

/**
 * The `SuppressionStore` contract as one suite, run against every backend that implements it
 * (parameterised by a factory, like `store-conformance.ts`). Each test gets a fresh store.
 */
export function runSuppressionStoreConformance(
  name: string,
  create: () => Promise<SuppressionStore & { close(): Promise<void> }>,
): void {
  describe(`SuppressionStore conformance: ${name}`, () => {
    let store: SuppressionStore & { close(): Promise<void> };
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores, reads back and replaces a silence by id', async () => {
      expect(await store.getSilence('s-1')).toBeNull();
      await store.putSilence(silence('s-1'));
      expect(await store.getSilence('s-1')).toEqual(silence('s-1'));
      await store.putSilence(silence('s-1', { endsAt: T0 + MINUTE, updatedAt: T0 + MINUTE }));
      expect(await store.getSilence('s-1')).toMatchObject({ endsAt: T0 + MINUTE, createdAt: T0 });
    });

    it('keeps matcher text with quotes, backslashes and unicode exactly', async () => {
      const matchers = ['summary=~"disk \\"full\\".*"', 'team="Ωmega"', 'path!~"C:\\\\\\\\.*"'];
      await store.putSilence(silence('s-1', { matchers, comment: 'emoji 🚧 and "quotes"' }));
      expect(await store.getSilence('s-1')).toMatchObject({ matchers, comment: 'emoji 🚧 and "quotes"' });
    });

    it('lists live silences (pending or active at now), soonest start first, never expired ones', async () => {
      await store.putSilence(silence('late', { startsAt: T0 + 2 * HOUR, endsAt: T0 + 3 * HOUR }));
      await store.putSilence(silence('now'));
      await store.putSilence(silence('gone', { startsAt: T0 - HOUR, endsAt: T0 }));
      expect((await store.liveSilences(T0)).map((s) => s.id)).toEqual(['now', 'late']);
      expect((await store.liveSilences(T0 + HOUR)).map((s) => s.id)).toEqual(['late']);
      expect(await store.liveSilences(T0 + 3 * HOUR)).toEqual([]);
    });

    it('lists silences newest first, filtered by their state at now, in pages', async () => {
      for (let i = 1; i <= 5; i++) await store.putSilence(silence(`s-${i}`, { createdAt: T0 + i }));
      await store.putSilence(
        silence('pending', { createdAt: T0 + 6, startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }),
      );
      await store.putSilence(silence('expired', { createdAt: T0 + 7, startsAt: T0 - HOUR, endsAt: T0 }));
      const now = T0 + MINUTE;
      const first = await store.listSilences({ now, limit: 3 });
      expect(first.items.map((s) => s.id)).toEqual(['expired', 'pending', 's-5']);
      const second = await store.listSilences({ now, limit: 3, cursor: first.next! });
      expect(second.items.map((s) => s.id)).toEqual(['s-4', 's-3', 's-2']);
      const third = await store.listSilences({ now, limit: 3, cursor: second.next! });
      expect(third).toEqual({ items: [expect.objectContaining({ id: 's-1' })], next: null });
      expect((await store.listSilences({ now, limit: 10, state: 'active' })).items).toHaveLength(5);
      expect((await store.listSilences({ now, limit: 10, state: 'pending' })).items.map((s) => s.id)).toEqual(
        ['pending'],
      );
      expect((await store.listSilences({ now, limit: 10, state: 'expired' })).items.map((s) => s.id)).toEqual(
        ['expired'],
      );
    });

    it('refuses a forged cursor with VIGIL_ERR_BAD_CURSOR', async () => {
      await expect(store.listSilences({ now: T0, limit: 1, cursor: 'bm90LWpzb24' })).rejects.toMatchObject({
        code: 'VIGIL_ERR_BAD_CURSOR',
      });
    });

    it('stores maintenance windows once per name, lists them by name and deletes them', async () => {
      const window = (name: string): MaintenanceWindowRecord => ({
        name,
        selector: { ciIds: [], names: ['web-1'], classes: [], matchers: ['team="db"'] },
        schedule: { kind: 'recurring', cron: '0 22 * * 6', durationMs: 2 * HOUR, timezone: 'Europe/Berlin' },
        comment: 'patching',
        createdBy: 'alice',
        createdAt: T0,
        source: 'api',
      });
      expect(await store.insertMaintenanceWindow(window('b'))).toBe(true);
      expect(await store.insertMaintenanceWindow(window('a'))).toBe(true);
      expect(await store.insertMaintenanceWindow({ ...window('a'), comment: 'other' })).toBe(false);
      expect(await store.listMaintenanceWindows()).toEqual([window('a'), window('b')]);
      expect(await store.deleteMaintenanceWindow('a')).toBe(true);
      expect(await store.deleteMaintenanceWindow('a')).toBe(false);
      expect((await store.listMaintenanceWindows()).map((w) => w.name)).toEqual(['b']);
    });

    it('records, replaces and clears the announced occurrence of each window', async () => {
      expect(await store.maintenanceStates()).toEqual(new Map());
      await store.setMaintenanceState('a', T0);
      await store.setMaintenanceState('b', T0 + 1);
      await store.setMaintenanceState('a', T0 + HOUR);
      expect(await store.maintenanceStates()).toEqual(
        new Map([
          ['a', T0 + HOUR],
          ['b', T0 + 1],
        ]),
      );
      await store.setMaintenanceState('a', null);
      await store.setMaintenanceState('never', null);
      expect(await store.maintenanceStates()).toEqual(new Map([['b', T0 + 1]]));
    });
  });
}
