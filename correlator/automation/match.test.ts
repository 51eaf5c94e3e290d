import { describe, expect, it } from 'vitest';
import { parseMatchers } from '../../rules/matchers.js';
import { makeAlert, makeCi, makeIncident } from '../../test/support/records.js';
import { changeTarget, type IncidentFacts, matchingRules, matchLabels, templateValues } from './match.js';
import type { AutomationRule } from './rule.js';

const facts = (overrides: Partial<IncidentFacts> = {}): IncidentFacts => ({
  incident: makeIncident({
    resource: 'web-1',
    check: 'service.nginx',
    category: 'software',
    priority: 'P2',
    ciIds: ['CI-000007'],
  }),
  alert: makeAlert({
    labels: { unit: 'nginx.service', category: 'security', ciClass: 'spoofed' },
    source: 'host',
    severity: 'critical',
  }),
  ci: makeCi({ id: 'CI-000007', class: 'host', name: 'web-1' }),
  ...overrides,
});

const rule = (name: string, matchers: string[]) =>
  ({ name, matchers: parseMatchers(matchers) }) as AutomationRule;

describe('automation matching', () => {
  it('matches on category, check, CI class, priority and labels; incident facts win over alert labels', () => {
    expect(matchLabels(facts())).toMatchObject({
      unit: 'nginx.service',
      category: 'software',
      ciClass: 'host',
      priority: 'P2',
      check: 'service.nginx',
      resource: 'web-1',
      severity: 'critical',
      status: 'new',
    });
    const rules = [
      rule('all', [
        'category="software"',
        'check="service.nginx"',
        'ciClass="host"',
        'priority=~"P[12]"',
        'unit=~"nginx.*"',
      ]),
      rule('spoofed-category', ['category="security"']),
      rule('network-ci', ['ciClass="network_device"']),
      rule('low-priority', ['priority="P5"']),
    ];
    expect(matchingRules(rules, facts()).map((r) => r.name)).toEqual(['all']);
  });

  it('gives an incident without a CI an empty ciClass and a resource key for per-CI limits', () => {
    const noCi = facts({ ci: null, incident: makeIncident({ resource: 'web-9', ciIds: [] }) });
    expect(matchLabels(noCi).ciClass).toBe('');
    expect(changeTarget(noCi)).toBe('resource:web-9');
    expect(changeTarget(facts())).toBe('CI-000007');
  });

  it('offers templates the incident, CI and label values', () => {
    expect(templateValues('r', facts())).toMatchObject({
      rule: 'r',
      'incident.id': 'INC-000001',
      'incident.priority': 'P2',
      resource: 'web-1',
      'ci.id': 'CI-000007',
      'ci.class': 'host',
      'labels.unit': 'nginx.service',
    });
  });
});
