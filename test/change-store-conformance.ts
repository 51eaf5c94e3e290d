import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../correlator/automation/change.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import type { ChangeStore } from '../correlator/store/change-store.js';
import { StoreConflictError } from '../correlator/store/contract.js';
import { MINUTE, T0 } from './support/records.js';

const chgId = (n: number) => `CHG-${String(n).padStart(6, '0')}`;

/** A change record with test defaults. */
export function makeChange(n: number, overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    id: chgId(n),
    type: 'standard',
    state: 'succeeded',
    rule: 'clean-disk',
    action: 'script:clean-tmp',
    incidentId: 'INC-000001',
    ciIds: ['CI-000001'],
    target: 'CI-000001',
    dryRun: false,
    approvalRequired: false,
    approval: null,
    rendered: {
      kind: 'script',
      script: 'clean-tmp',
      path: '/usr/local/bin/clean-tmp',
      argv: ['/'],
      timeoutMs: 60_000,
    },
    result: null,
    verification: null,
    rollback: null,
    detail: '',
    createdAt: T0,
    updatedAt: T0,
    startedAt: null,
    finishedAt: null,
    version: 0,
    ...overrides,
  };
}

/**
 * The `ChangeStore` contract, as one suite every implementation runs (parameterised by a factory,
 * like `runStoreConformance`): versions, lists with filters and cursors, the guardrail counts and
 * the verification index.
 */
export function runChangeStoreConformance(
  name: string,
  create: () => Promise<ChangeStore & { close(): Promise<void> }>,
): void {
  describe(`ChangeStore conformance: ${name}`, () => {
    let store: ChangeStore & { close(): Promise<void> };
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores a new change with version 1 and reads it back as saved', async () => {
      const change = makeChange(1, {
        result: {
          ok: true,
          exitCode: 0,
          stdout: 'é\n',
          stderr: '',
          truncated: false,
          durationMs: 12,
          timedOut: false,
          error: null,
        },
      });
      await store.saveChange(change);
      expect(await store.getChange('CHG-000001')).toEqual({ ...change, version: 1 });
      expect(await store.getChange('CHG-000002')).toBeNull();
      expect(await store.getChange('not-an-id')).toBeNull();
    });

    it('updates with the version read, and refuses a stale or duplicate write with StoreConflictError', async () => {
      await store.saveChange(makeChange(1, { state: 'running' }));
      await store.saveChange(makeChange(1, { state: 'verifying', version: 1 }));
      await expect(store.saveChange(makeChange(1, { state: 'failed', version: 1 }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      await expect(store.saveChange(makeChange(1))).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.getChange('CHG-000001')).toMatchObject({ state: 'verifying', version: 2 });
    });

    it('lists newest first with filters and cursor paging, each item once', async () => {
      for (let n = 1; n <= 7; n++) {
        await store.saveChange(
          makeChange(n, {
            state: n % 2 ? 'succeeded' : 'failed',
            rule: n <= 4 ? 'a' : 'b',
            incidentId: `INC-00000${n % 3}`,
            target: n === 7 ? 'resource:web-9' : 'CI-000001',
            action: n === 6 ? 'webhook:ticket' : 'script:clean-tmp',
          }),
        );
      }
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.listChanges({ limit: 3, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        ids.push(...page.items.map((c) => c.id));
        if (!page.next) break;
        cursor = page.next;
      }
      expect(ids).toEqual([7, 6, 5, 4, 3, 2, 1].map(chgId));
      const ids0 = async (query: Parameters<ChangeStore['listChanges']>[0]) =>
        (await store.listChanges(query)).items.map((c) => c.id);
      expect(await ids0({ limit: 10, state: 'failed' })).toEqual([6, 4, 2].map(chgId));
      expect(await ids0({ limit: 10, rule: 'a', state: 'succeeded' })).toEqual([3, 1].map(chgId));
      expect(await ids0({ limit: 10, incidentId: 'INC-000000' })).toEqual([6, 3].map(chgId));
      expect(await ids0({ limit: 10, ciId: 'resource:web-9' })).toEqual([chgId(7)]);
      expect(await ids0({ limit: 10, action: 'webhook:ticket' })).toEqual([chgId(6)]);
      expect(await ids0({ limit: 10, rule: 'nope' })).toEqual([]);
    });

    it('refuses a forged cursor with VIGIL_ERR_BAD_CURSOR', async () => {
      await expect(store.listChanges({ limit: 10, cursor: 'bm90LWpzb24' })).rejects.toMatchObject({
        code: 'VIGIL_ERR_BAD_CURSOR',
      });
      await expect(
        store.listChanges({ limit: 10, cursor: Buffer.from('["x"]').toString('base64url') }),
      ).rejects.toBeInstanceOf(VigilError);
    });

    it('counts and dates changes by rule, incident, target, action, time and state', async () => {
      await store.saveChange(makeChange(1, { createdAt: T0, state: 'succeeded' }));
      await store.saveChange(makeChange(2, { createdAt: T0 + 10 * MINUTE, state: 'dry_run' }));
      await store.saveChange(
        makeChange(3, { createdAt: T0 + 20 * MINUTE, state: 'failed', target: 'CI-000002' }),
      );
      await store.saveChange(
        makeChange(4, { createdAt: T0 + 30 * MINUTE, state: 'pending_approval', rule: 'other' }),
      );
      expect(await store.countChanges({})).toBe(4);
      expect(await store.countChanges({ rule: 'clean-disk' })).toBe(3);
      expect(await store.countChanges({ target: 'CI-000001', since: T0 + 10 * MINUTE })).toBe(2);
      expect(await store.countChanges({ states: ['succeeded', 'failed'] })).toBe(2);
      expect(await store.countChanges({ states: [] })).toBe(0);
      expect(await store.countChanges({ action: 'script:clean-tmp', incidentId: 'INC-000001' })).toBe(4);
      expect(await store.countChanges({ incidentId: 'INC-000009' })).toBe(0);
      expect(
        await store.lastChangeAt({
          rule: 'clean-disk',
          target: 'CI-000001',
          states: ['succeeded', 'failed'],
        }),
      ).toBe(T0);
      expect(await store.lastChangeAt({ rule: 'clean-disk' })).toBe(T0 + 20 * MINUTE);
      expect(await store.lastChangeAt({ rule: 'none' })).toBeNull();
    });

    it('lists verifying changes whose deadline passed, soonest first, and forgets them once they leave verifying', async () => {
      const verifying = (n: number, deadline: number) =>
        makeChange(n, {
          state: 'verifying',
          verification: { deadline, result: 'pending', at: null, detail: '' },
        });
      await store.saveChange(verifying(1, T0 + 5 * MINUTE));
      await store.saveChange(verifying(2, T0 + 2 * MINUTE));
      await store.saveChange(verifying(3, T0 + 9 * MINUTE));
      await store.saveChange(
        makeChange(4, {
          state: 'running',
          verification: { deadline: T0, result: 'pending', at: null, detail: '' },
        }),
      );
      expect((await store.changesDueForVerification(T0 + 5 * MINUTE, 10)).map((c) => c.id)).toEqual(
        [2, 1].map(chgId),
      );
      expect((await store.changesDueForVerification(T0 + 5 * MINUTE, 1)).map((c) => c.id)).toEqual([
        chgId(2),
      ]);
      await store.saveChange({ ...verifying(2, T0 + 2 * MINUTE), state: 'succeeded', version: 1 });
      expect((await store.changesDueForVerification(T0 + 60 * MINUTE, 10)).map((c) => c.id)).toEqual(
        [1, 3].map(chgId),
      );
    });

    it('finds the changes of an incident in given states, oldest first', async () => {
      await store.saveChange(makeChange(1, { state: 'verifying' }));
      await store.saveChange(makeChange(2, { state: 'succeeded' }));
      await store.saveChange(makeChange(3, { state: 'verifying' }));
      await store.saveChange(makeChange(4, { state: 'verifying', incidentId: 'INC-000002' }));
      expect((await store.changesOfIncident('INC-000001', ['verifying'])).map((c) => c.id)).toEqual(
        [1, 3].map(chgId),
      );
      expect(await store.changesOfIncident('INC-000001', [])).toEqual([]);
    });
  });
}
