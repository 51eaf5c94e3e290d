import { describe, expect, it } from 'vitest';
import { makeAlert, T0 } from '../../../test/support/records.js';
import { summarise } from '../../model/firing-summary.js';
import { FiringIndex } from './firing-index.js';

const firing = (n: number, overrides = {}) =>
  makeAlert({ fingerprint: `fp-${n}`, count: n, lastSeen: T0 + n, version: 1, ...overrides });

describe('FiringIndex', () => {
  it('gives back the summary of each firing alert it noted, exactly', () => {
    const index = new FiringIndex(10);
    const plain = firing(1);
    const expiring = firing(2, {
      expiresAt: T0 + 60_000,
      incidentId: 'INC-000042',
      labels: { b: '2', a: '1' },
      stateChanges: [T0],
      reasons: [
        { at: T0, by: 'rule:blips', reason: 'held_transient' },
        { at: T0, by: 'dedup', reason: 'repeat' },
      ],
    });
    expect(index.note(plain)).toEqual(summarise(plain));
    index.note(expiring);
    expect(index.get('fp-1')).toEqual(summarise(plain));
    expect(index.get('fp-2')).toEqual(summarise(expiring));
    expect(index.get('fp-2')).toMatchObject({
      expiresAt: T0 + 60_000,
      heldTransient: true,
      incidentId: 'INC-000042',
    });
    expect(index.get('fp-1')).toMatchObject({
      expiresAt: null,
      heldTransient: false,
    });
    expect(index.get('fp-3')).toBeUndefined();
  });

  it('drops an alert that stops firing, and replaces the summary of one noted again', () => {
    const index = new FiringIndex(10);
    index.note(firing(1));
    index.note(firing(2));
    expect(index.note(firing(1, { state: 'resolved', version: 2 }))).toBeUndefined();
    expect(index.get('fp-1')).toBeUndefined();
    expect(index.note(firing(2, { severity: 'major', version: 5 }))).toMatchObject({ version: 5 });
    expect(index.get('fp-2')).toEqual(summarise(firing(2, { severity: 'major', version: 5 })));
    expect(index.size).toBe(1);
  });

  it('applies a committed refresh: new activity, version one higher, the rest unchanged', () => {
    const index = new FiringIndex(10);
    const alert = firing(1, { incidentId: 'INC-000001', expiresAt: T0 + 1000 });
    index.note(alert);
    index.refreshed({
      fingerprint: 'fp-1',
      count: 9,
      firstSeen: T0 - 5,
      lastSeen: T0 + 99,
      expiresAt: null,
      version: 1,
    });
    expect(index.get('fp-1')).toEqual({
      ...summarise(alert),
      count: 9,
      firstSeen: T0 - 5,
      lastSeen: T0 + 99,
      expiresAt: null,
      version: 2,
    });
    // A refresh of an alert it does not hold changes nothing.
    index.refreshed({
      fingerprint: 'fp-9',
      count: 1,
      firstSeen: T0,
      lastSeen: T0,
      expiresAt: null,
      version: 1,
    });
    expect(index.get('fp-9')).toBeUndefined();
  });

  it('reuses the slots of deleted alerts and grows past its first columns without losing one', () => {
    const index = new FiringIndex(100_000);
    for (let n = 0; n < 3000; n++) index.note(firing(n));
    for (let n = 0; n < 3000; n += 2) index.delete(`fp-${n}`);
    for (let n = 3000; n < 5000; n++) index.note(firing(n, { incidentId: `INC-${n}` }));
    expect(index.size).toBe(1500 + 2000);
    for (let n = 1; n < 3000; n += 2) expect(index.get(`fp-${n}`)).toEqual(summarise(firing(n)));
    for (let n = 0; n < 3000; n += 2) expect(index.get(`fp-${n}`)).toBeUndefined();
    for (let n = 3000; n < 5000; n++)
      expect(index.get(`fp-${n}`)).toEqual(summarise(firing(n, { incidentId: `INC-${n}` })));
  });

  it('hands back a summary it made while nothing changed, and a fresh one after any change', () => {
    const index = new FiringIndex(10);
    index.note(firing(1));
    index.note(firing(2));
    const earlier = index.get('fp-1')!;
    expect(index.current('fp-1', earlier)).toBe(earlier);
    // A summary it did not make (or none) is looked up.
    expect(index.current('fp-1', summarise(firing(1)))).not.toBe(earlier);
    expect(index.current('fp-1', undefined)).toEqual(earlier);
    for (const change of [
      () => index.note(firing(2, { version: 3 })),
      () =>
        index.refreshed({
          fingerprint: 'fp-2',
          count: 5,
          firstSeen: T0,
          lastSeen: T0,
          expiresAt: null,
          version: 3,
        }),
      () => index.delete('fp-9'),
    ]) {
      const before = index.get('fp-1')!;
      change();
      const now = index.current('fp-1', before);
      expect(now).not.toBe(before);
      expect(now).toEqual(before);
    }
  });

  it('applies a refresh through the slot of its basis only while the slot still holds that alert', () => {
    const index = new FiringIndex(10);
    index.note(firing(1));
    const basis = index.get('fp-1')!;
    // fp-1 stops firing and fp-2 takes its slot: the old basis must not touch fp-2.
    index.delete('fp-1');
    index.note(firing(2));
    index.refreshed(
      { fingerprint: 'fp-1', count: 99, firstSeen: T0, lastSeen: T0, expiresAt: null, version: 1 },
      basis,
    );
    expect(index.get('fp-2')).toEqual(summarise(firing(2)));
    expect(index.get('fp-1')).toBeUndefined();
    // With a current basis the refresh lands on its own alert.
    const current = index.get('fp-2')!;
    index.refreshed(
      { fingerprint: 'fp-2', count: 7, firstSeen: T0, lastSeen: T0 + 7, expiresAt: null, version: 1 },
      current,
    );
    expect(index.get('fp-2')).toMatchObject({ count: 7, lastSeen: T0 + 7, version: 2 });
  });

  it('adds no alert past its capacity but keeps updating those it holds', () => {
    const index = new FiringIndex(2);
    index.note(firing(1));
    index.note(firing(2));
    expect(index.note(firing(3))).toBeUndefined();
    expect(index.get('fp-3')).toBeUndefined();
    expect(index.note(firing(2, { version: 7 }))).toMatchObject({ version: 7 });
    index.delete('fp-1');
    expect(index.note(firing(3))).toMatchObject({ fingerprint: 'fp-3' });
  });
});
