import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GroupEntry, GroupStore } from '../correlator/store/group-store.js';
import { MINUTE, T0 } from './support/records.js';

const group = (overrides: Partial<GroupEntry> = {}): GroupEntry => ({
  rule: 'per-service',
  key: 'checkout\u0000prod',
  anchor: '',
  incidentId: 'INC-000001',
  openedAt: T0,
  pending: [],
  ...overrides,
});

/**
 * The `GroupStore` contract, run against every store that implements it (`factory` makes a fresh,
 * empty one; `close` releases it).
 */
export function runGroupStoreConformance(
  name: string,
  factory: () => Promise<GroupStore & { close(): Promise<void> }>,
): void {
  describe(`GroupStore conformance: ${name}`, () => {
    let store: GroupStore & { close(): Promise<void> };
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    it('finds nothing in an empty store', async () => {
      expect(await store.findGroups('per-service', 'x', 0)).toEqual([]);
    });

    it('saves and finds groups by rule and key, started at or after since, oldest first', async () => {
      const later = group({ anchor: 'CI-2', openedAt: T0 + 2 * MINUTE });
      const first = group({
        anchor: 'CI-1',
        openedAt: T0 + MINUTE,
        pending: [{ fingerprint: 'fp-1', at: T0 }],
      });
      await store.saveGroups([later, first, group({ rule: 'other' }), group({ key: 'other' })]);
      expect(await store.findGroups('per-service', 'checkout\u0000prod', T0 + MINUTE)).toEqual([
        first,
        later,
      ]);
      expect(await store.findGroups('per-service', 'checkout\u0000prod', T0 + MINUTE + 1)).toEqual([later]);
      expect(await store.findGroups('other', 'checkout\u0000prod', 0)).toEqual([group({ rule: 'other' })]);
    });

    it('replaces a group saved again with the same rule, key and anchor', async () => {
      await store.saveGroups([group({ incidentId: null, pending: [{ fingerprint: 'fp-1', at: T0 }] })]);
      await store.saveGroups([group({ incidentId: 'INC-000009', openedAt: T0 + MINUTE })]);
      expect(await store.findGroups('per-service', 'checkout\u0000prod', 0)).toEqual([
        group({ incidentId: 'INC-000009', openedAt: T0 + MINUTE }),
      ]);
    });

    it('prunes groups that started before a time', async () => {
      await store.saveGroups([
        group({ anchor: 'a', openedAt: T0 }),
        group({ anchor: 'b', openedAt: T0 + MINUTE }),
      ]);
      expect(await store.pruneGroups(T0 + MINUTE)).toBe(1);
      expect((await store.findGroups('per-service', 'checkout\u0000prod', 0)).map((g) => g.anchor)).toEqual([
        'b',
      ]);
    });

    it('lists due groups of a rule, oldest first and bounded, and deletes named groups', async () => {
      await store.saveGroups([
        group({ rule: 'blips', key: 'fp-2', openedAt: T0 + MINUTE }),
        group({ rule: 'blips', key: 'fp-1', openedAt: T0 }),
        group({ rule: 'blips', key: 'fp-3', openedAt: T0 + 5 * MINUTE }),
        group({ rule: 'other', key: 'fp-0', openedAt: T0 }),
      ]);
      expect((await store.dueGroups('blips', T0 + 5 * MINUTE, 10)).map((g) => g.key)).toEqual([
        'fp-1',
        'fp-2',
      ]);
      expect((await store.dueGroups('blips', T0 + 5 * MINUTE, 1)).map((g) => g.key)).toEqual(['fp-1']);
      await store.deleteGroups([
        { rule: 'blips', key: 'fp-1', anchor: '' },
        { rule: 'blips', key: 'nope', anchor: '' },
      ]);
      expect((await store.dueGroups('blips', T0 + 10 * MINUTE, 10)).map((g) => g.key)).toEqual([
        'fp-2',
        'fp-3',
      ]);
    });

    it('keeps keys with any characters apart (no key is a prefix match of another)', async () => {
      await store.saveGroups([
        group({ key: 'a\u0000b' }),
        group({ key: 'a' }),
        group({ key: "a'; DROP TABLE x; --" }),
      ]);
      expect(await store.findGroups('per-service', 'a', 0)).toHaveLength(1);
      expect(await store.findGroups('per-service', "a'; DROP TABLE x; --", 0)).toHaveLength(1);
    });
  });
}
