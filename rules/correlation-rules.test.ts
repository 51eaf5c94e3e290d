import { describe, expect, it } from 'vitest';
import type { VigilError } from '../correlator/errors/vigil-error.js';
import { combineRuleFiles } from './load.js';
import { parseRuleText } from './parse-rule-text.js';
import { RuleError } from './rule-issues.js';

const VALID = `correlation:
  - kind: classification
    name: prod-db
    matchers: ['check=~"db\\\\..*"', 'env="prod"']
    category: availability
    urgency: urgent
    impact: global
    assignmentGroup: dba
  - kind: grouping
    name: per-service
    matchers: ['service!=""']
    groupBy: [service, env]
    window: 10m
  - kind: grouping
    name: related-hosts
    cmdb: related
    window: 5m
    mode: link
    threshold: { count: 3, within: 2m }
  - { kind: transient, name: blips, within: 90s }
  - { kind: flapping, name: flappy, matchers: ['severity="critical"'], changes: 4, within: 15m }
`;

function issues(text: string, file = 'rules/corr.yaml'): string[] {
  try {
    parseRuleText(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleError);
    return (error as RuleError).details.map((i) => `${i.file}:${i.line}:${i.column} ${i.rule}: ${i.reason}`);
  }
  throw new Error('the rule text was accepted');
}

describe('correlation rules: valid files', () => {
  it('compiles classification and grouping rules with defaults', () => {
    const file = parseRuleText(VALID, 'rules/corr.yaml');
    expect(file.correlation).toHaveLength(5);
    const [classification, perService, related] = file.correlation;
    expect(classification).toMatchObject({
      kind: 'classification',
      name: 'prod-db',
      category: 'availability',
      urgency: 'urgent',
      impact: 'global',
      assignmentGroup: 'dba',
      origin: { file: 'rules/corr.yaml', line: 2, column: 5 },
    });
    expect(classification!.matchers.map((m) => m.name)).toEqual(['check', 'env']);
    expect(perService).toMatchObject({
      kind: 'grouping',
      groupBy: ['service', 'env'],
      cmdb: null,
      windowMs: 600_000,
      mode: 'merge',
      threshold: null,
    });
    expect(related).toMatchObject({
      cmdb: 'related',
      groupBy: [],
      mode: 'link',
      threshold: { count: 3, withinMs: 120_000 },
    });
  });

  it('compiles transient and flapping rules', () => {
    const file = parseRuleText(VALID, 'rules/corr.yaml');
    expect(file.correlation[3]).toMatchObject({ kind: 'transient', name: 'blips', withinMs: 90_000 });
    expect(file.correlation[4]).toMatchObject({ kind: 'flapping', changes: 4, withinMs: 900_000 });
  });

  it('splits the rules of several files by kind, in load order', () => {
    const a = parseRuleText(VALID, 'a.yaml');
    const b = parseRuleText(
      'correlation:\n  - { kind: classification, name: other, assignmentGroup: x }\n',
      'b.yaml',
    );
    const set = combineRuleFiles([a, b]);
    expect(set.correlation.classification.map((r) => r.name)).toEqual(['prod-db', 'other']);
    expect(set.correlation.grouping.map((r) => r.name)).toEqual(['per-service', 'related-hosts']);
  });

  it('rejects a correlation rule name used in two files, naming both places', () => {
    const a = parseRuleText(VALID, 'a.yaml');
    const b = parseRuleText(
      'correlation:\n  - { kind: grouping, name: per-service, groupBy: [x], window: 1m }\n',
      'b.yaml',
    );
    try {
      combineRuleFiles([a, b]);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(RuleError);
      expect((error as RuleError).message).toBe(
        'b.yaml:2:5: rule per-service: the correlation rule name is already used at a.yaml:9:5.',
      );
    }
  });
});

describe('correlation rules: bad input names file, line and rule', () => {
  it.each([
    [
      'a missing kind',
      '  - { name: x, category: network }\n',
      '2:5 x: missing required key "kind" (one of classification, grouping, transient, flapping)',
    ],
    [
      'an unknown kind',
      '  - { kind: silence, name: x }\n',
      '2:13 x: "kind" must be one of classification, grouping, transient, flapping',
    ],
    [
      'a scalar entry',
      '  - just text\n',
      '2:5 #1: a correlation rule must be a mapping with kind: and name:',
    ],
    [
      'a missing name',
      '  - { kind: classification, category: network }\n',
      '2:5 #1: missing required key "name"',
    ],
    [
      'a bad name',
      '  - { kind: classification, name: "-x", category: network }\n',
      '2:35 -x: "name" must be a name of letters, digits and - _ . :',
    ],
    [
      'an unknown key with a suggestion',
      '  - { kind: classification, name: x, categroy: network }\n',
      '2:38 x: unknown key "categroy"; did you mean "category"?',
    ],
    [
      'a bad category',
      '  - { kind: classification, name: x, category: weather }\n',
      '2:48 x: "category" must be one of hardware, software, network, security, capacity, availability, other',
    ],
    [
      'a bad urgency',
      '  - { kind: classification, name: x, urgency: asap }\n',
      '2:47 x: "urgency" must be one of urgent, high, medium, low',
    ],
    [
      'a bad impact',
      '  - { kind: classification, name: x, impact: huge }\n',
      '2:46 x: "impact" must be one of global, department, local',
    ],
    [
      'a rule that sets nothing',
      '  - { kind: classification, name: x, matchers: [a=b] }\n',
      '2:5 x: a classification rule must set at least one of category, urgency, impact, assignmentGroup',
    ],
    [
      'a bad matcher',
      '  - { kind: classification, name: x, matchers: ["a~b"], category: network }\n',
      '2:49 x: Matcher "a~b" is invalid',
    ],
    [
      'a hostile regex',
      '  - { kind: classification, name: x, matchers: [\'a=~"(a+)+"\'], category: network }\n',
      '2:49 x: Matcher',
    ],
    [
      'a grouping without a key',
      '  - { kind: grouping, name: g, window: 5m }\n',
      '2:5 g: a grouping rule needs groupBy: (labels) and/or cmdb:',
    ],
    [
      'a grouping without a window',
      '  - { kind: grouping, name: g, groupBy: [a] }\n',
      '2:5 g: missing required key "window"',
    ],
    [
      'a bad window',
      '  - { kind: grouping, name: g, groupBy: [a], window: soon }\n',
      '2:54 g: Duration "soon" is invalid',
    ],
    [
      'a zero window',
      '  - { kind: grouping, name: g, groupBy: [a], window: 0s }\n',
      '2:54 g: must be longer than 0s',
    ],
    [
      'a bad cmdb mode',
      '  - { kind: grouping, name: g, cmdb: nearby, window: 1m }\n',
      '2:38 g: "cmdb" must be one of same_ci, related',
    ],
    [
      'a bad mode',
      '  - { kind: grouping, name: g, groupBy: [a], window: 1m, mode: fuse }\n',
      '2:64 g: "mode" must be one of merge, link',
    ],
    [
      'a repeated groupBy label',
      '  - { kind: grouping, name: g, groupBy: [a, a], window: 1m }\n',
      '2:45 g: label "a" is listed twice',
    ],
    [
      'a bad groupBy label',
      '  - { kind: grouping, name: g, groupBy: ["a-b"], window: 1m }\n',
      '2:42 g: "groupBy[0]" must be a label name',
    ],
    [
      'a threshold of one',
      '  - { kind: grouping, name: g, groupBy: [a], window: 1m, threshold: { count: 1, within: 1m } }\n',
      '2:78 g: "threshold.count" must be a whole number from 2 to 10000',
    ],
    [
      'a threshold without within',
      '  - { kind: grouping, name: g, groupBy: [a], window: 1m, threshold: { count: 3 } }\n',
      '2:69 g: missing required key "within"',
    ],
    [
      'an unknown threshold key',
      '  - { kind: grouping, name: g, groupBy: [a], window: 1m, threshold: { count: 3, within: 1m, for: 2m } }\n',
      '2:93 g: unknown key "for" (allowed: count, within)',
    ],
    [
      'a duplicate name',
      '  - { kind: grouping, name: g, groupBy: [a], window: 1m }\n  - { kind: classification, name: g, category: network }\n',
      '3:35 g: the name "g" is already used at rules/corr.yaml:2:29',
    ],
    [
      'a transient rule without within',
      '  - { kind: transient, name: t }\n',
      '2:5 t: missing required key "within"',
    ],
    [
      'a transient rule with a bad within',
      '  - { kind: transient, name: t, within: -1 }\n',
      '2:41 t: "within" must be a duration',
    ],
    [
      'a flapping rule without changes',
      '  - { kind: flapping, name: f, within: 10m }\n',
      '2:5 f: missing required key "changes"',
    ],
    [
      'a flapping rule with too few changes',
      '  - { kind: flapping, name: f, changes: 1, within: 10m }\n',
      '2:41 f: "changes" must be a whole number from 2 to 100',
    ],
    [
      'a flapping rule with an unknown key',
      '  - { kind: flapping, name: f, changes: 3, within: 10m, for: 1m }\n',
      '2:57 f: unknown key "for"',
    ],
    ['correlation that is not a list', 'x: 1\n', '1:14 (file): "correlation" must be a list'],
  ])('reports %s', (_, body, expected) => {
    const text = body.startsWith('x:') ? 'correlation: {}\n' : `correlation:\n${body}`;
    const found = issues(text);
    expect(found[0]).toContain(`rules/corr.yaml:${expected.split(' ')[0]}`);
    expect(found[0]).toContain(expected.slice(expected.indexOf(' ') + 1));
  });

  it('reports every problem of every rule in one pass', () => {
    const found = issues(
      'correlation:\n  - { kind: classification, name: a, urgency: asap }\n  - { kind: grouping, name: b, window: x, groupBy: [l] }\n',
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('rules/corr.yaml:2:');
    expect(found[1]).toContain('rules/corr.yaml:3:');
  });

  it('bounds the number of correlation rules per file', () => {
    const many = Array.from(
      { length: 5001 },
      (_, i) => `  - { kind: grouping, name: g${i}, groupBy: [a], window: 1m }`,
    ).join('\n');
    const error = (() => {
      try {
        parseRuleText(`correlation:\n${many}\n`, 'big.yaml');
      } catch (e) {
        return e as VigilError;
      }
      throw new Error('accepted');
    })();
    expect(error.code).toBe('VIGIL_ERR_RULE_INVALID');
  });
});
