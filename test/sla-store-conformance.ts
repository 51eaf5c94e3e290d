import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../correlator/store/contract.js';
import type { SlaStore } from '../correlator/store/sla-store.js';
import { HOUR, T0 } from './support/records.js';

/**
 * The `SlaStore` contract as one suite every store that keeps outages runs, parameterised by a
 * factory (the pattern of test/store-conformance.ts).
 */
export function runSlaStoreConformance(name: string, open: () => Promise<Store & SlaStore>): void {
  describe(`SlaStore conformance: ${name}`, () => {
    let store: Store & SlaStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('opens one outage per subject at a time and closes it exactly', async () => {
      expect(await store.openOutage('ci:CI-000001', T0)).toBe(true);
      expect(await store.openOutage('ci:CI-000001', T0 + HOUR)).toBe(false);
      expect(await store.openOutages()).toEqual([{ subject: 'ci:CI-000001', start: T0, end: null }]);
      expect(await store.closeOutage('ci:CI-000001', T0 + 2 * HOUR)).toBe(true);
      expect(await store.closeOutage('ci:CI-000001', T0 + 3 * HOUR)).toBe(false);
      expect(await store.openOutages()).toEqual([]);
      expect(await store.outagesBetween(['ci:CI-000001'], T0, T0 + 10 * HOUR)).toEqual([
        { subject: 'ci:CI-000001', start: T0, end: T0 + 2 * HOUR },
      ]);
    });

    it('never ends an outage before it started (out-of-order recovery)', async () => {
      await store.openOutage('service:shop', T0 + HOUR);
      await store.closeOutage('service:shop', T0);
      expect(await store.outagesBetween(['service:shop'], 0, T0 + 10 * HOUR)).toEqual([]);
      expect(await store.openOutages()).toEqual([]);
    });

    it('lists outages overlapping a window, open ones included, by subject then start', async () => {
      for (const [subject, start, end] of [
        ['service:a', T0, T0 + HOUR],
        ['service:a', T0 + 5 * HOUR, T0 + 6 * HOUR],
        ['service:b', T0 + 2 * HOUR, null],
        ['service:c', T0, T0 + HOUR],
      ] as const) {
        await store.openOutage(subject, start);
        if (end !== null) await store.closeOutage(subject, end);
      }
      expect(await store.outagesBetween(['service:b', 'service:a'], T0 + HOUR - 1, T0 + 5 * HOUR)).toEqual([
        { subject: 'service:a', start: T0, end: T0 + HOUR },
        { subject: 'service:b', start: T0 + 2 * HOUR, end: null },
      ]);
      // Touching the window's edges is not overlapping: intervals are half-open.
      expect(await store.outagesBetween(['service:a'], T0 + HOUR, T0 + 5 * HOUR)).toEqual([]);
      expect(await store.outagesBetween([], 0, T0 + 10 * HOUR)).toEqual([]);
    });

    it('answers for many subjects at once (the SQLite store queries them in chunks of 500)', async () => {
      const subjects = Array.from({ length: 600 }, (_, i) => `service:s${String(i).padStart(4, '0')}`);
      for (const s of subjects) await store.openOutage(s, T0);
      expect(await store.outagesBetween(subjects, T0, T0 + HOUR)).toHaveLength(600);
    });

    it('keeps hostile subject names as data', async () => {
      const evil = "service:x'); DROP TABLE outages; --";
      expect(await store.openOutage(evil, T0)).toBe(true);
      expect(await store.outagesBetween([evil], T0, T0 + 1)).toEqual([
        { subject: evil, start: T0, end: null },
      ]);
    });
  });
}
