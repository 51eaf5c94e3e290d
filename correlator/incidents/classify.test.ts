import { describe, expect, it } from 'vitest';
import { makeAlert, T0 } from '../../test/support/records.js';
import {
  CATEGORIES,
  type Category,
  type CiClass,
  IMPACTS,
  type Impact,
  URGENCIES,
  type Urgency,
} from '../model/itil.js';
import type { Severity } from '../model/severity.js';
import {
  type CiContext,
  categoryOf,
  classify,
  defaultGroup,
  impactOf,
  priorityOf,
  urgencyOf,
} from './classify.js';
import {
  type AssignmentRule,
  DEFAULT_INCIDENT_POLICY,
  type IncidentPolicy,
  type LabelPredicate,
} from './policy.js';

const policy = DEFAULT_INCIDENT_POLICY;
const noCi: CiContext = { ciIds: [], ciClass: null, dependents: 0 };

/** `name="value"` as a label predicate (the rules module builds the real ones). */
const eq = (name: string, value: string): LabelPredicate => ({ matches: (labels) => labels[name] === value });

describe('categoryOf', () => {
  it.each<[string, Category]>([
    ['security.login_failures', 'security'],
    ['auth.failed', 'security'],
    ['interface.oper_status', 'network'],
    ['bgp.peer_down', 'network'],
    ['snmp.trap.linkDown', 'network'],
    ['snmp.trap.link_down', 'network'],
    ['temperature.celsius', 'hardware'],
    ['psu.status', 'hardware'],
    ['smart.health', 'hardware'],
    ['filesystem.used_percent', 'capacity'],
    ['memory.used_percent', 'capacity'],
    ['cpu.load', 'capacity'],
    ['host.down', 'availability'],
    ['ping.loss', 'availability'],
    ['heartbeat.missing', 'availability'],
    ['service.state', 'software'],
    ['http.status', 'software'],
    ['custom.thing', 'other'],
  ])('guesses %s -> %s from the check name', (check, category) => {
    expect(categoryOf({ check, labels: {} }).category).toBe(category);
  });

  it('prefers a valid category label over the check name', () => {
    const result = categoryOf({ check: 'filesystem.used_percent', labels: { category: 'security' } });
    expect(result).toEqual({ category: 'security', reason: 'label' });
  });

  it('ignores an invalid category label', () => {
    const result = categoryOf({ check: 'filesystem.used_percent', labels: { category: 'bogus' } });
    expect(result).toEqual({ category: 'capacity', reason: 'check name filesystem.used_percent' });
  });

  it('explains an unmatched check', () => {
    expect(categoryOf({ check: 'zzz', labels: {} })).toEqual({
      category: 'other',
      reason: 'no rule matched',
    });
  });
});

describe('urgencyOf', () => {
  it.each<[Severity, Urgency]>([
    ['critical', 'urgent'],
    ['major', 'high'],
    ['minor', 'medium'],
    ['warning', 'low'],
    ['info', 'low'],
    ['ok', 'low'],
  ])('maps severity %s to %s by default', (severity, urgency) => {
    expect(urgencyOf({ severity, labels: {} }, policy)).toBe(urgency);
  });

  it('follows the policy mapping', () => {
    const custom: IncidentPolicy = {
      ...policy,
      urgencyBySeverity: { ...policy.urgencyBySeverity, warning: 'high' },
    };
    expect(urgencyOf({ severity: 'warning', labels: {} }, custom)).toBe('high');
  });

  it('is overridden by a valid urgency label, and not by an invalid one', () => {
    expect(urgencyOf({ severity: 'warning', labels: { urgency: 'urgent' } }, policy)).toBe('urgent');
    expect(urgencyOf({ severity: 'critical', labels: { urgency: 'low' } }, policy)).toBe('low');
    expect(urgencyOf({ severity: 'critical', labels: { urgency: 'asap' } }, policy)).toBe('urgent');
  });
});

describe('impactOf', () => {
  it.each<[number, Impact]>([
    [0, 'local'],
    [2, 'local'],
    [3, 'department'],
    [9, 'department'],
    [10, 'global'],
    [500, 'global'],
  ])('%i dependents -> %s with the default thresholds', (dependents, impact) => {
    expect(impactOf({}, dependents, policy)).toBe(impact);
  });

  it('follows the policy thresholds', () => {
    const custom: IncidentPolicy = { ...policy, impactThresholds: { global: 2, department: 1 } };
    expect(impactOf({}, 0, custom)).toBe('local');
    expect(impactOf({}, 1, custom)).toBe('department');
    expect(impactOf({}, 2, custom)).toBe('global');
  });

  it('is overridden by a valid impact label, and not by an invalid one', () => {
    expect(impactOf({ impact: 'global' }, 0, policy)).toBe('global');
    expect(impactOf({ impact: 'local' }, 50, policy)).toBe('local');
    expect(impactOf({ impact: 'planet' }, 50, policy)).toBe('global');
  });
});

describe('priorityOf with the default (ITIL) matrix', () => {
  const expected: Record<Impact, Record<Urgency, string>> = {
    global: { urgent: 'P1', high: 'P2', medium: 'P3', low: 'P4' },
    department: { urgent: 'P2', high: 'P3', medium: 'P4', low: 'P5' },
    local: { urgent: 'P3', high: 'P4', medium: 'P5', low: 'P5' },
  };
  const cells = IMPACTS.flatMap((impact) => URGENCIES.map((urgency) => [impact, urgency] as const));

  it('has 12 cells', () => {
    expect(cells).toHaveLength(12);
  });

  it.each(cells)('impact %s x urgency %s', (impact, urgency) => {
    expect(priorityOf(impact, urgency, policy)).toBe(expected[impact][urgency]);
  });

  it('uses a configured matrix', () => {
    const custom: IncidentPolicy = {
      ...policy,
      priorityMatrix: { ...policy.priorityMatrix, local: ['P1', 'P1', 'P1', 'P1'] },
    };
    expect(priorityOf('local', 'low', custom)).toBe('P1');
  });
});

describe('defaultGroup', () => {
  it.each<[Category, CiClass | null, string]>([
    ['network', null, 'network-admins'],
    ['other', 'network_device', 'network-admins'],
    ['capacity', 'interface', 'network-admins'],
    ['security', null, 'security'],
    ['security', 'host', 'security'],
    ['hardware', 'host', 'system-admins'],
    ['capacity', 'filesystem', 'system-admins'],
    ['availability', null, 'system-admins'],
    ['software', 'application', 'l2-support'],
    ['other', null, 'service-desk'],
    ['other', 'host', 'service-desk'],
  ])('%s on a %s CI -> %s', (category, ciClass, group) => {
    expect(defaultGroup(category, ciClass)).toBe(group);
  });

  it('has a group for every category', () => {
    for (const category of CATEGORIES) expect(defaultGroup(category, null)).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('classify', () => {
  it('combines category, urgency, impact, priority and default group, with a reason for each', () => {
    const alert = makeAlert({ check: 'filesystem.used_percent', severity: 'critical' });
    const result = classify(alert, { ciIds: ['CI-000001'], ciClass: 'host', dependents: 4 }, policy, T0);
    expect(result).toMatchObject({
      category: 'capacity',
      urgency: 'urgent',
      impact: 'department',
      priority: 'P2',
      assignmentGroup: 'system-admins',
    });
    expect(result.reasons.map((r) => [r.by, r.reason, r.at])).toEqual([
      ['classify', 'category', T0],
      ['classify', 'priority', T0],
      ['classify', 'assignment', T0],
    ]);
    expect(result.reasons[1]!.detail).toContain('4 dependent CIs');
  });

  it('picks the first matching assignment rule', () => {
    const assignment: AssignmentRule[] = [
      { name: 'dba', matchers: [eq('team', 'dba')], group: 'dba' },
      { name: 'linux-fs', matchers: [eq('category', 'capacity'), eq('ciClass', 'host')], group: 'linux' },
      { name: 'any-capacity', matchers: [eq('category', 'capacity')], group: 'storage' },
    ];
    const custom: IncidentPolicy = { ...policy, assignment };
    const onHost = classify(makeAlert(), { ciIds: [], ciClass: 'host', dependents: 0 }, custom, T0);
    expect(onHost.assignmentGroup).toBe('linux');
    expect(onHost.reasons[2]).toMatchObject({
      by: 'rule:linux-fs',
      detail: 'group linux by assignment rule linux-fs',
    });
    const dba = classify(makeAlert({ labels: { team: 'dba' } }), { ...noCi, ciClass: 'host' }, custom, T0);
    expect(dba.assignmentGroup).toBe('dba');
    expect(classify(makeAlert(), noCi, custom, T0).assignmentGroup).toBe('storage');
  });

  it('lets rules match on resource, check, source and severity', () => {
    const custom: IncidentPolicy = {
      ...policy,
      assignment: [
        {
          name: 'web-crit',
          matchers: [
            eq('resource', 'web-1'),
            eq('check', 'filesystem.used_percent'),
            eq('source', 'host'),
            eq('severity', 'critical'),
          ],
          group: 'web-team',
        },
      ],
    };
    expect(classify(makeAlert(), noCi, custom, T0).assignmentGroup).toBe('web-team');
    expect(classify(makeAlert({ severity: 'major' }), noCi, custom, T0).assignmentGroup).toBe(
      'system-admins',
    );
  });

  it('does not let a label shadow the computed category in rule facts', () => {
    const custom: IncidentPolicy = {
      ...policy,
      assignment: [{ name: 'net', matchers: [eq('category', 'network')], group: 'net' }],
    };
    // An invalid category label must not make the rule see "network" either.
    const alert = makeAlert({ check: 'filesystem.used_percent', labels: { category: 'networking' } });
    expect(classify(alert, noCi, custom, T0).assignmentGroup).toBe('system-admins');
  });

  it('falls back to the default group per category and CI class when no rule matches', () => {
    const custom: IncidentPolicy = {
      ...policy,
      assignment: [{ name: 'never', matchers: [eq('x', 'y')], group: 'x' }],
    };
    expect(classify(makeAlert({ check: 'interface.oper_status' }), noCi, custom, T0).assignmentGroup).toBe(
      'network-admins',
    );
    expect(
      classify(makeAlert({ check: 'zzz' }), { ...noCi, ciClass: 'network_device' }, custom, T0)
        .assignmentGroup,
    ).toBe('network-admins');
    expect(classify(makeAlert({ check: 'zzz' }), noCi, custom, T0)).toMatchObject({
      category: 'other',
      assignmentGroup: 'service-desk',
    });
  });

  it('applies label overrides for urgency and impact together', () => {
    const alert = makeAlert({ severity: 'warning', labels: { urgency: 'urgent', impact: 'global' } });
    expect(classify(alert, noCi, policy, T0)).toMatchObject({
      urgency: 'urgent',
      impact: 'global',
      priority: 'P1',
    });
  });
});
