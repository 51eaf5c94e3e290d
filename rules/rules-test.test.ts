import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rulesTest } from '../bin/commands/rules-test.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { parseRulesTest, readRulesTest } from './parse-rules-test.js';
import { RuleError } from './rule-issues.js';
import { runRulesTests } from './rules-test-runner.js';

const EXAMPLE = fileURLToPath(new URL('./examples/correlation.test.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULES = join(dir, 'rules.yaml');
writeFileSync(
  RULES,
  'correlation:\n  - { kind: classification, name: web, matchers: [\'resource=~"web-.*"\'], assignmentGroup: web-ops }\n',
);
const EVENT =
  '{ at: 0s, source: host, resource: web-1, check: disk.full, severity: critical, status: firing }';

function suiteFile(body: string): string {
  const file = join(dir, `suite-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, body);
  return file;
}

async function capture(file: string, json = false) {
  let out = '';
  const code = await rulesTest(file, { json, write: (t) => (out += t) });
  return { code, out };
}

describe('vigil rules test: the shipped examples', () => {
  it('passes every case of rules/examples/correlation.test.yaml', async () => {
    const results = await runRulesTests(readRulesTest(EXAMPLE));
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});

describe('vigil rules test: results', () => {
  it('prints PASS/FAIL per test with each difference and exits 1 when one fails', async () => {
    const file = suiteFile(`ruleFiles: [./rules.yaml]
tests:
  - name: classified
    events: [${EVENT}]
    expect:
      - at: 0s
        incidents: [{ assignmentGroup: web-ops, priority: P3 }]
  - name: wrong expectations
    events: [${EVENT}]
    expect:
      - at: 1m
        incidents: [{ assignmentGroup: dba }, { status: new }]
        alerts:
          - { resource: web-1, check: disk.full, state: resolved, reasons: [grouped] }
          - { resource: web-9, check: disk.full }
`);
    const { code, out } = await capture(file);
    expect(code).toBe(1);
    expect(out).toBe(
      [
        'PASS  classified',
        'FAIL  wrong expectations',
        '      at 1m: incidents.length: expected 2, got 1',
        '      at 1m: incidents[0].assignmentGroup: expected dba, got web-ops',
        '      at 1m: alerts[web-1 disk.full].state: expected resolved, got firing',
        '      at 1m: alerts[web-1 disk.full].reasons: expected to contain grouped, got ["first_seen","classified_assignment","opened_incident"]',
        '      at 1m: alerts[web-9 disk.full]: expected an alert, got none',
        '2 tests, 1 passed, 1 failed',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await capture(file, true)).out);
    expect(json.ok).toBe(false);
    expect(json.tests[1].failures[0]).toEqual({ at: '1m', path: 'incidents.length', expected: 2, actual: 1 });
  });

  it('exits 0 when all pass', async () => {
    const { code, out } = await capture(EXAMPLE);
    expect(code).toBe(0);
    expect(out).toMatch(/4 tests, 4 passed, 0 failed\n$/);
  });
});

describe('vigil rules test: bad test files name file, line and test', () => {
  const issue = (body: string): string => {
    try {
      parseRulesTest(body, 'suite.yaml');
    } catch (error) {
      if (error instanceof RuleError) {
        return error.details.map((i) => `${i.line}:${i.column} ${i.rule}: ${i.reason}`).join('\n');
      }
      if (error instanceof VigilError) return `${error.code}: ${error.message}`;
      throw error;
    }
    throw new Error('accepted');
  };
  const valid = (tests: string) => `ruleFiles: [./rules.yaml]\ntests:\n${tests}`;

  it.each([
    ['not YAML', 'ruleFiles: [a\n', 'VIGIL_ERR_CONFIG_PARSE'],
    ['a scalar', 'hello\n', '1:1 (file): a rule test file must be a mapping'],
    ['a missing ruleFiles', 'tests: []\n', '1:1 (file): missing required key "ruleFiles"'],
    [
      'an unknown top-level key',
      'ruleFile: [x]\ntests: []\n',
      '1:1 (file): unknown key "ruleFile"; did you mean "ruleFiles"?',
    ],
    ['no tests', 'ruleFiles: [x]\ntests: []\n', '2:8 (file): "tests"'],
    [
      'a test without expectations',
      valid('  - { name: t, events: [], expect: [] }\n'),
      '3:36 test:t: "tests[0].expect" must not have fewer than 1 items',
    ],
    [
      'a bad offset',
      valid(
        `  - { name: t, events: [{ at: soon, source: a, resource: b, check: c, severity: info, status: firing }], expect: [{ at: 0s }] }\n`,
      ),
      '3:31 test:t: Duration "soon" is invalid',
    ],
    [
      'a bad event severity',
      valid(
        `  - { name: t, events: [{ at: 0s, source: a, resource: b, check: c, severity: huge, status: firing }], expect: [{ at: 0s }] }\n`,
      ),
      '3:79 test:t: "tests[0].events[0].severity"',
    ],
    [
      'an unknown expectation key',
      valid('  - { name: t, events: [], expect: [{ at: 0s, incident: [] }] }\n'),
      '3:47 test:t: unknown key "incident"; did you mean "incidents"?',
    ],
    [
      'an unknown incident field',
      valid('  - { name: t, events: [], expect: [{ at: 0s, incidents: [{ prio: P1 }] }] }\n'),
      '3:61 test:t: unknown key "prio"',
    ],
    [
      'a duplicate test name',
      valid(
        '  - { name: t, events: [], expect: [{ at: 0s }] }\n  - { name: t, events: [], expect: [{ at: 0s }] }\n',
      ),
      '4:13 test:t: the test name "t" is used twice',
    ],
  ])('reports %s', (_, body, expected) => {
    expect(issue(body)).toContain(expected);
  });

  it('refuses a missing or oversized file, and a missing rule file when run', async () => {
    expect(() => readRulesTest(join(dir, 'nope.yaml'))).toThrow(
      /VIGIL_ERR_RULE_FILE_UNREADABLE|does not exist/,
    );
    const big = suiteFile(`# ${'x'.repeat(1024 * 1024 + 10)}\n`);
    expect(() => readRulesTest(big)).toThrow(/larger than/);
    const missing = suiteFile(
      `ruleFiles: [./missing-rules.yaml]\ntests:\n  - { name: t, events: [], expect: [{ at: 0s }] }\n`,
    );
    await expect(runRulesTests(readRulesTest(missing))).rejects.toMatchObject({
      code: 'VIGIL_ERR_RULE_FILE_UNREADABLE',
    });
  });
});
