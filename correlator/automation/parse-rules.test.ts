import { describe, expect, it } from 'vitest';
import { MAX_RULE_FILE_BYTES } from '../../rules/parse-rule-text.js';
import type { RuleError } from '../../rules/rule-issues.js';
import { catalogFromConfig } from './catalog-from-config.js';
import { parseAutomationRules } from './parse-rules.js';

const catalog = catalogFromConfig({
  runbooks: [
    {
      name: 'restart-service',
      argv: ['systemctl', 'restart', '{{ service }}'],
      parameters: [{ name: 'service' }],
      timeoutMs: 60_000,
    },
  ],
  scripts: [{ name: 'clean-tmp', path: '/usr/local/bin/clean-tmp', timeoutMs: 60_000 }],
  webhooks: [{ name: 'ticket', url: 'http://127.0.0.1:1/hook', headers: {}, timeoutMs: 5000 }],
});

const parse = (text: string) => parseAutomationRules(text, 'auto.yaml', catalog);

/** Every issue of a rule file that fails, as `line:column rule: reason`. */
function issues(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    const e = error as RuleError;
    expect(e.code).toBe('VIGIL_ERR_RULE_INVALID');
    return e.details.map((i) => `${i.line}:${i.column} ${i.rule}: ${i.reason}`);
  }
  throw new Error('expected the rule file to be refused');
}

const ok = `automation:
  - name: restart-nginx
    match: ['check="service.nginx"', 'ciClass="host"']
    action: { runbook: restart-service, params: { service: "{{ labels.unit }}" } }
    rollback: { webhook: ticket, body: { incident: "{{ incident.id }}", tags: [a, 1, true, null] } }
    verify: 2m
    cooldown: 1h
    maxAttempts: 2
    rateLimit: { perCi: { count: 3, window: 1h }, perAction: { count: 10, window: 1d } }
    approval: true
`;

describe('parseAutomationRules', () => {
  it('compiles a valid rule with its guardrails and defaults', () => {
    const [rule] = parse(ok);
    expect(rule).toMatchObject({
      name: 'restart-nginx',
      verifyMs: 120_000,
      guardrails: {
        cooldownMs: 3_600_000,
        maxAttempts: 2,
        perCi: { count: 3, windowMs: 3_600_000 },
        perAction: { count: 10, windowMs: 86_400_000 },
        approval: true,
        dryRun: false,
      },
      action: { kind: 'ssh' },
      rollback: { kind: 'webhook' },
      origin: { file: 'auto.yaml', line: 2 },
    });
    const [defaults] = parse(
      `automation:\n  - { name: r, match: ['a="b"'], action: { script: clean-tmp } }\n`,
    );
    expect(defaults).toMatchObject({
      verifyMs: 300_000,
      guardrails: { cooldownMs: 600_000, maxAttempts: 3, perCi: null, perAction: null, approval: false },
      rollback: null,
    });
  });

  it('accepts an empty file and one with an empty list', () => {
    expect(parse('')).toEqual([]);
    expect(parse('# nothing yet\n')).toEqual([]);
    expect(parse('automation: []\n')).toEqual([]);
  });

  it('refuses text that is not YAML with its line', () => {
    expect(() => parse('automation:\n  - name: [unclosed\n')).toThrow(
      expect.objectContaining({ code: 'VIGIL_ERR_CONFIG_PARSE' }),
    );
  });

  it('refuses a file that is not a mapping, or has other top-level keys', () => {
    expect(issues('- just a list\n')).toEqual([
      '1:1 (file): an automation rule file must be a mapping with an "automation:" list',
    ]);
    expect(issues('automation: []\nthresholds: []\n')).toEqual([
      '2:1 (file): unknown key "thresholds" (allowed: automation)',
    ]);
  });

  it('names file, line, column and rule for schema problems: unknown keys, wrong types, missing keys', () => {
    const text = `automation:
  - name: r1
    match: ['a="b"']
    action: { script: clean-tmp }
    cooldwon: 5m
  - name: r2
    match: 'a="b"'
    action: { script: clean-tmp }
    maxAttempts: "3"
  - name: r3
    action: { script: clean-tmp }
`;
    expect(issues(text)).toEqual([
      '5:5 r1: unknown key "cooldwon"; did you mean "cooldown"?',
      '7:12 r2: "match" must be a list',
      '9:18 r2: "maxAttempts" must be an integer 1..100',
      '10:5 r3: missing required key "match"',
    ]);
  });

  it('refuses actions that name nothing, two things, or something not in the allow-list', () => {
    const text = `automation:
  - { name: none, match: ['a="b"'], action: {} }
  - { name: two, match: ['a="b"'], action: { script: clean-tmp, webhook: ticket } }
  - { name: unlisted, match: ['a="b"'], action: { script: rm-rf } }
  - { name: foreign, match: ['a="b"'], action: { script: clean-tmp, params: { x: y } } }
`;
    expect(issues(text)).toEqual([
      '2:45 none: an action names exactly one of "runbook" (SSH), "script" (local) or "webhook"',
      '3:44 two: an action names exactly one of "runbook" (SSH), "script" (local) or "webhook"',
      '4:59 unlisted: script "rm-rf" is not in automation.scripts of the config (declared: clean-tmp)',
      '5:77 foreign: "params" does not apply to a script action',
    ]);
  });

  it('checks runbook parameters: every declared one given, no unknown one', () => {
    const text = `automation:
  - { name: missing, match: ['a="b"'], action: { runbook: restart-service } }
  - name: extra
    match: ['a="b"']
    action: { runbook: restart-service, params: { service: x, command: "rm -rf /" } }
`;
    expect(issues(text)).toEqual([
      '2:48 missing: runbook restart-service needs the parameter "service"',
      '5:72 extra: runbook restart-service declares no parameter "command"',
    ]);
  });

  it('refuses unknown placeholders, unclosed braces, bad matchers and bad durations', () => {
    const text = `automation:
  - name: bad
    match: ['a=~"(x+)+"']
    action: { script: clean-tmp, args: ["{{ incident.secret }}", "{{ resource"] }
    verify: soon
    rateLimit: { perCi: { count: 1, window: 0s } }
`;
    expect(issues(text)).toEqual([
      '3:13 bad: Matcher "a=~"(x+)+"" is invalid: nested quantifiers such as (a+)+ can take exponential time',
      '4:41 bad: unknown placeholder "{{ incident.secret }}"; use incident.id, resource, check, labels.<name>, ...',
      '4:66 bad: a "{{" is not closed by "}}"; use incident.id, resource, check, labels.<name>, ...',
      '5:13 bad: "verify" must be a duration such as 30s, 5m or 1h',
      '6:45 bad: must be a duration greater than zero, such as 1h',
    ]);
  });

  it('refuses duplicate rule names, naming the first', () => {
    const text = `automation:
  - { name: r, match: ['a="b"'], action: { script: clean-tmp } }
  - { name: r, match: ['a="b"'], action: { script: clean-tmp } }
`;
    expect(issues(text)).toEqual(['3:13 r: the name "r" is already used at auto.yaml:2:13']);
  });

  it('refuses hostile files: oversized, alias bombs, deeply nested webhook bodies', () => {
    expect(() => parse(`# ${'x'.repeat(MAX_RULE_FILE_BYTES)}`)).toThrow(
      expect.objectContaining({ code: 'VIGIL_ERR_RULE_FILE_UNREADABLE' }),
    );
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nautomation: [*c, *c]\n`;
    expect(issues(bomb)[0]).toMatch(/alias/i);
    const deep = `automation:\n  - { name: d, match: ['a="b"'], action: { webhook: ticket, body: ${'['.repeat(12)}1${']'.repeat(12)} } }\n`;
    expect(issues(deep)[0]).toContain('nested deeper than 8 levels');
  });
});
