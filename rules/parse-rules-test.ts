import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDuration } from '../config/duration.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import type { NativeEvent } from '../correlator/model/event.js';
import { MAX_ALIAS_COUNT, MAX_RULE_FILE_BYTES, parseRuleDocument } from './rule-document.js';
import { RuleError, type RuleIssue } from './rule-issues.js';
import { type RulesTestFile, RulesTestFileSchema, rulesTestValidator } from './rules-test-schema.js';
import { schemaProblems } from './schema-issues.js';
import { positionOf, type YamlPath } from './yaml-position.js';

type Expectation = RulesTestFile['tests'][number]['expect'][number];

/** One test case, offsets in ms from the start. */
export interface RulesTestCase {
  name: string;
  events: Array<{ atMs: number; event: NativeEvent }>;
  expect: Array<Omit<Expectation, 'at'> & { atMs: number; at: string }>;
}

/** A parsed rule test file: the rule files it loads (absolute paths) and its cases. */
export interface RulesTestSuite {
  file: string;
  ruleFiles: string[];
  tests: RulesTestCase[];
}

/**
 * Reads and validates a rule test file (docs/rules-test.md). Problems are a `RuleError`
 * (`VIGIL_ERR_RULE_INVALID`) naming file, line, column and the test (`test:<name>`), every one
 * in `details`; unreadable or oversized files are `VIGIL_ERR_RULE_FILE_UNREADABLE`, non-YAML
 * `VIGIL_ERR_CONFIG_PARSE`.
 */
export function readRulesTest(path: string): RulesTestSuite {
  let text: string;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new Error('it is not a regular file');
    if (info.size > MAX_RULE_FILE_BYTES) throw new Error(`it is larger than ${MAX_RULE_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'the file does not exist'
        : (error as Error).message;
    throw new VigilError('VIGIL_ERR_RULE_FILE_UNREADABLE', { file: path, reason });
  }
  return parseRulesTest(text, path);
}

/** Parses the text of a rule test file named `file` (relative rule files resolve against its directory). */
export function parseRulesTest(text: string, file: string): RulesTestSuite {
  const { document, lineCounter } = parseRuleDocument(text, file);
  const issues: RuleIssue[] = [];
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new RuleError([{ file, line: 1, column: 1, rule: '(file)', reason: (error as Error).message }]);
  }
  const testName = (path: YamlPath): string => {
    if (path[0] !== 'tests' || typeof path[1] !== 'number') return '(file)';
    const name = (value as { tests?: Array<{ name?: unknown }> })?.tests?.[path[1]]?.name;
    return typeof name === 'string' ? `test:${name.slice(0, 64)}` : `test:#${path[1] + 1}`;
  };
  const report = (path: YamlPath, reason: string, atKey = false) =>
    issues.push({
      file,
      ...positionOf(document, lineCounter, path, { key: atKey }),
      rule: testName(path),
      reason,
    });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RuleError([
      {
        file,
        line: 1,
        column: 1,
        rule: '(file)',
        reason: 'a rule test file must be a mapping with ruleFiles: and tests:',
      },
    ]);
  }
  if (!rulesTestValidator.Check(value)) {
    for (const p of schemaProblems(rulesTestValidator.Errors(value), RulesTestFileSchema)) {
      report(p.path, p.reason, p.atKey);
    }
    throw new RuleError(
      issues.length > 0
        ? issues
        : [
            {
              file,
              line: 1,
              column: 1,
              rule: '(file)',
              reason: 'a rule test file must be a mapping with ruleFiles: and tests:',
            },
          ],
    );
  }
  const offset = (raw: string | number, path: YamlPath): number => {
    try {
      return parseDuration(raw);
    } catch (error) {
      report(path, (error as Error).message.replace(/\.$/, ''));
      return 0;
    }
  };
  const base = dirname(file);
  const suite: RulesTestSuite = {
    file,
    ruleFiles: value.ruleFiles.map((f) => (isAbsolute(f) ? f : resolve(base, f))),
    tests: value.tests.map((test, t) => ({
      name: test.name,
      events: test.events.map(({ at, ...event }, e) => ({
        atMs: offset(at, ['tests', t, 'events', e, 'at']),
        event: event as NativeEvent,
      })),
      expect: test.expect.map((expectation, x) => ({
        ...expectation,
        at: String(expectation.at),
        atMs: offset(expectation.at, ['tests', t, 'expect', x, 'at']),
      })),
    })),
  };
  const names = new Map<string, number>();
  value.tests.forEach((test, t) => {
    if (names.has(test.name)) report(['tests', t, 'name'], `the test name "${test.name}" is used twice`);
    names.set(test.name, t);
  });
  if (issues.length > 0) throw new RuleError(issues);
  return suite;
}
