import { describe, expect, it } from 'vitest';
import { HOUR, makeIncident, T0 } from '../../test/support/records.js';
import { VigilError } from '../errors/vigil-error.js';
import { PROBLEM_STATES, type ProblemRecord, type ProblemState } from '../model/records.js';
import { DEFAULT_PROBLEM_POLICY } from './policy.js';
import { decideProblem, isLiveProblem, linkToProblem, openProblem, patchProblem } from './problems.js';

const policy = DEFAULT_PROBLEM_POLICY;
const inc = (n: number, createdAt: number, overrides = {}) =>
  makeIncident({ id: `INC-00000${n}`, createdAt, ciIds: [`CI-00000${n}`], ...overrides });

const problem = (overrides: Partial<ProblemRecord> = {}): ProblemRecord => ({
  id: 'PRB-000001',
  title: 'filesystem.used_percent on web-1 recurs',
  state: 'open',
  ciIds: ['CI-000001'],
  check: 'filesystem.used_percent',
  resource: 'web-1',
  rootCause: null,
  workaround: null,
  incidentIds: ['INC-000001', 'INC-000002', 'INC-000003'],
  createdAt: T0,
  updatedAt: T0,
  version: 1,
  ...overrides,
});

describe('decideProblem', () => {
  const now = T0 + 10 * HOUR;

  it('does nothing for an incident already linked to a problem', () => {
    const incident = inc(4, now, { problemId: 'PRB-000009' });
    expect(decideProblem({ incident, live: problem(), recent: [], policy, now })).toEqual({
      kind: 'none',
      reason: 'already_linked',
    });
  });

  it('links to the live problem (open or known error) of the check and resource', () => {
    for (const state of ['open', 'known_error'] as const) {
      const live = problem({ state });
      expect(decideProblem({ incident: inc(4, now), live, recent: [], policy, now })).toEqual({
        kind: 'link',
        problem: live,
      });
    }
  });

  it('ignores a problem that is no longer live and counts instead', () => {
    const decision = decideProblem({
      incident: inc(2, now),
      live: problem({ state: 'resolved' }),
      recent: [inc(1, T0)],
      policy,
      now,
    });
    expect(decision).toEqual({ kind: 'none', reason: 'below_count' });
  });

  it('does nothing below the recurrence count', () => {
    const decision = decideProblem({ incident: inc(2, now), live: null, recent: [inc(1, T0)], policy, now });
    expect(decision).toEqual({ kind: 'none', reason: 'below_count' });
  });

  it('opens at the N-th incident within the window, linking all of them oldest first', () => {
    const incident = inc(3, now);
    const decision = decideProblem({
      incident,
      live: null,
      recent: [inc(2, T0 + HOUR), inc(1, T0), incident],
      policy,
      now,
    });
    expect(decision.kind).toBe('open');
    if (decision.kind === 'open')
      expect(decision.incidents.map((i) => i.id)).toEqual(['INC-000001', 'INC-000002', 'INC-000003']);
  });

  it('counts only incidents created within the window', () => {
    const late = T0 + 25 * HOUR;
    const decision = decideProblem({
      incident: inc(3, late),
      live: null,
      recent: [inc(1, T0), inc(2, T0 + 2 * HOUR)],
      policy,
      now: late,
    });
    expect(decision).toEqual({ kind: 'none', reason: 'below_count' });
  });

  it('does not count incidents already linked to a (resolved) problem', () => {
    const decision = decideProblem({
      incident: inc(3, now),
      live: null,
      recent: [inc(1, T0, { problemId: 'PRB-000001' }), inc(2, T0 + HOUR)],
      policy,
      now,
    });
    expect(decision).toEqual({ kind: 'none', reason: 'below_count' });
  });

  it('follows the configured count', () => {
    const decision = decideProblem({
      incident: inc(2, now),
      live: null,
      recent: [inc(1, T0)],
      policy: { ...policy, recurrenceCount: 2 },
      now,
    });
    expect(decision.kind).toBe('open');
  });
});

describe('openProblem', () => {
  it('opens a problem linking every incident, each with a problem_linked entry', () => {
    const incidents = [inc(1, T0), inc(2, T0 + HOUR), inc(3, T0 + 2 * HOUR, { ciIds: ['CI-000001'] })];
    const now = T0 + 2 * HOUR;
    const { problem: p, changes } = openProblem(
      'PRB-000001',
      { resource: 'web-1', check: 'filesystem.used_percent' },
      incidents,
      now,
    );
    expect(p).toMatchObject({
      id: 'PRB-000001',
      state: 'open',
      resource: 'web-1',
      check: 'filesystem.used_percent',
      ciIds: ['CI-000001', 'CI-000002'],
      incidentIds: ['INC-000001', 'INC-000002', 'INC-000003'],
      rootCause: null,
      workaround: null,
      createdAt: now,
      version: 0,
    });
    expect(changes.map((c) => c.incident.problemId)).toEqual(['PRB-000001', 'PRB-000001', 'PRB-000001']);
    expect(changes.map((c) => c.entries.map((e) => e.action))).toEqual([
      ['problem_linked'],
      ['problem_linked'],
      ['problem_linked'],
    ]);
    expect(changes[0]!.entries[0]!.detail).toContain('PRB-000001: 3 incidents');
  });
});

describe('linkToProblem', () => {
  const now = T0 + 5 * HOUR;

  it('links an incident to an open problem without a workaround', () => {
    const linked = linkToProblem(problem(), inc(4, now), now);
    expect(linked.problem.incidentIds).toEqual(['INC-000001', 'INC-000002', 'INC-000003', 'INC-000004']);
    expect(linked.problem.ciIds).toEqual(['CI-000001', 'CI-000004']);
    expect(linked.change.incident.problemId).toBe('PRB-000001');
    expect(linked.change.entries.map((e) => e.action)).toEqual(['problem_linked']);
    expect(linked.workaround).toBeNull();
  });

  it('attaches the workaround of a known error', () => {
    const p = problem({ state: 'known_error', workaround: 'rotate /var/log/app' });
    const linked = linkToProblem(p, inc(4, now), now);
    expect(linked.workaround).toBe('rotate /var/log/app');
    expect(linked.change.entries.map((e) => [e.action, e.detail])).toEqual([
      ['problem_linked', 'PRB-000001: known_error (filesystem.used_percent on web-1 recurs)'],
      ['workaround_attached', 'rotate /var/log/app'],
    ]);
  });

  it('attaches nothing for a known error without a workaround', () => {
    const linked = linkToProblem(problem({ state: 'known_error' }), inc(4, now), now);
    expect(linked.workaround).toBeNull();
    expect(linked.change.entries.map((e) => e.action)).toEqual(['problem_linked']);
  });

  it('keeps the problem unchanged when the incident is linked already (a reopen)', () => {
    const p = problem();
    expect(linkToProblem(p, inc(1, now), now).problem).toBe(p);
  });
});

describe('patchProblem', () => {
  const now = T0 + HOUR;
  /** from -> to -> allowed. */
  const ALLOWED: Record<ProblemState, ProblemState[]> = {
    open: ['open', 'known_error', 'resolved'],
    known_error: ['known_error', 'resolved'],
    resolved: ['resolved', 'closed'],
    closed: [],
  };

  for (const from of PROBLEM_STATES) {
    for (const to of PROBLEM_STATES) {
      const allowed = ALLOWED[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} -> ${to}`, () => {
        const p = problem({ state: from });
        if (allowed) {
          expect(patchProblem(p, { state: to }, now)).toMatchObject({ state: to, updatedAt: now });
        } else {
          expect(() => patchProblem(p, { state: to }, now)).toThrow(VigilError);
          try {
            patchProblem(p, { state: to }, now);
          } catch (error) {
            expect((error as VigilError).code).toBe('VIGIL_ERR_PROBLEM_TRANSITION');
          }
        }
      });
    }
  }

  it('sets and clears the root cause and workaround, keeping what the patch leaves out', () => {
    const p = problem({ rootCause: 'log rotation off', workaround: 'old' });
    expect(patchProblem(p, { workaround: 'rotate logs' }, now)).toMatchObject({
      rootCause: 'log rotation off',
      workaround: 'rotate logs',
      state: 'open',
    });
    expect(patchProblem(p, { rootCause: null }, now)).toMatchObject({ rootCause: null, workaround: 'old' });
  });

  it('refuses any change of a closed problem', () => {
    expect(() => patchProblem(problem({ state: 'closed' }), { rootCause: 'x' }, now)).toThrow(
      /closed problem cannot be changed/,
    );
  });
});

describe('isLiveProblem', () => {
  it('is true for open and known errors only', () => {
    expect(PROBLEM_STATES.filter((state) => isLiveProblem(problem({ state })))).toEqual([
      'open',
      'known_error',
    ]);
  });
});
