import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/support/records.js';
import type { CiRecord } from '../model/records.js';
import { responseFigures } from './response-targets.js';
import { rollUp } from './rollup.js';
import { compileSelector, selectorProblems } from './selector.js';

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const ci = (over: Partial<CiRecord>): CiRecord => ({
  id: 'CI-000001',
  class: 'host',
  name: 'web-1',
  state: 'active',
  parentId: null,
  identifiers: {},
  attributes: {},
  sources: ['host'],
  firstSeen: T0,
  lastSeen: T0,
  version: 1,
  ...over,
});

describe('service roll-up', () => {
  const members = [
    { up: true },
    { up: false, severity: 'major' as const },
    { up: false, severity: 'critical' as const },
    { up: true, severity: 'warning' as const },
  ];
  it.each([
    [{ kind: 'any' as const }, false],
    [{ kind: 'all' as const }, true],
    [{ kind: 'quorum' as const, down: 2 }, false],
    [{ kind: 'quorum' as const, down: 3 }, true],
  ])('%j -> up %s, with the highest severity', (rule, up) => {
    expect(rollUp(members, rule)).toEqual({ up, severity: 'critical', down: 2, members: 4 });
  });
  it('a service without members is up and says it has none', () => {
    expect(rollUp([], { kind: 'all' })).toEqual({ up: true, severity: null, down: 0, members: 0 });
  });
});

describe('CI selectors', () => {
  it('match by class, wildcard name, ids and attributes, all at once', () => {
    const select = compileSelector({ class: 'host', name: 'web-*', attributes: { environment: 'prod' } });
    expect(
      select(ci({ name: 'WEB-1', attributes: { environment: { value: 'prod', source: 'api', at: T0 } } })),
    ).toBe(true);
    expect(select(ci({ name: 'web-1' }))).toBe(false);
    expect(
      select(ci({ name: 'db-1', attributes: { environment: { value: 'prod', source: 'api', at: T0 } } })),
    ).toBe(false);
    expect(compileSelector({ name: 'a.b?' })(ci({ name: 'a.bc' }))).toBe(true);
    expect(compileSelector({ name: 'a.b?' })(ci({ name: 'axbc' }))).toBe(false);
    expect(compileSelector({ ids: ['CI-000002'] })(ci({}))).toBe(false);
  });

  it.each([
    [null, 'a selector is a mapping'],
    [[], 'a selector is a mapping'],
    [{}, 'an empty selector would select every CI'],
    [{ class: 'router' }, 'class "router" is not one of host'],
    [{ name: '' }, 'name must be a wildcard'],
    [{ name: 'x'.repeat(300) }, 'name must be a wildcard'],
    [{ ids: ['42'] }, 'ids must be a list of CI ids'],
    [{ attributes: { env: 1 } }, 'attributes must map attribute names to text values'],
    [{ host: 'web-1' }, 'unknown selector key "host"'],
  ])('rejects %j', (selector, says) => {
    expect(selectorProblems(selector).join('; ')).toContain(says);
  });
});

describe('response and resolution figures', () => {
  const targets = {
    responseMs: { P1: 15 * M, P2: 30 * M, P3: 2 * H, P4: 8 * H, P5: 24 * H },
    resolutionMs: { P1: 4 * H, P2: 8 * H, P3: 24 * H, P4: 72 * H, P5: 168 * H },
  };
  it('computes attainment, MTTA and MTTR per priority and lists breaches', () => {
    const incidents = [
      makeIncident({
        id: 'INC-000001',
        priority: 'P1',
        createdAt: T0,
        acknowledgedAt: T0 + 10 * M,
        resolvedAt: T0 + 2 * H,
      }),
      makeIncident({
        id: 'INC-000002',
        priority: 'P1',
        createdAt: T0,
        acknowledgedAt: T0 + 20 * M,
        resolvedAt: T0 + 5 * H,
      }),
      // Open and unacknowledged, 1 h old at `now`: breached response, resolution still possible.
      makeIncident({
        id: 'INC-000003',
        priority: 'P1',
        createdAt: T0 + 9 * H,
        acknowledgedAt: null,
        resolvedAt: null,
      }),
      makeIncident({
        id: 'INC-000004',
        priority: 'P3',
        createdAt: T0,
        acknowledgedAt: T0 + H,
        resolvedAt: null,
      }),
    ];
    const { byPriority, breaches } = responseFigures(incidents, targets, T0 + 10 * H);
    expect(byPriority[0]).toEqual({
      priority: 'P1',
      incidents: 3,
      responseTargetMs: 15 * M,
      resolutionTargetMs: 4 * H,
      responseAttainment: 1 / 3,
      resolutionAttainment: 1 / 2,
      mttaMs: 15 * M,
      mttrMs: 3.5 * H,
    });
    expect(byPriority[2]).toMatchObject({
      incidents: 1,
      responseAttainment: 1,
      resolutionAttainment: null,
      mttaMs: H,
      mttrMs: null,
    });
    expect(byPriority[1]).toMatchObject({ incidents: 0, responseAttainment: null, mttaMs: null });
    expect(breaches).toEqual([
      { incidentId: 'INC-000002', priority: 'P1', target: 'response', tookMs: 20 * M, targetMs: 15 * M },
      { incidentId: 'INC-000003', priority: 'P1', target: 'response', tookMs: H, targetMs: 15 * M },
      { incidentId: 'INC-000002', priority: 'P1', target: 'resolution', tookMs: 5 * H, targetMs: 4 * H },
    ]);
  });
});
