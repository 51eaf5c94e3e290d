import { isMap } from 'yaml';
import { compileCorrelationRule } from './compile-correlation.js';
import { compileThreshold } from './compile-threshold.js';
import type { CorrelationRule } from './correlation-types.js';
import { MAX_ALIAS_COUNT, parseRuleDocument } from './rule-document.js';
import { RuleError, type RuleIssue } from './rule-issues.js';
import { type RuleFileInput, ruleFileValidator } from './rule-schema.js';
import type { RuleFile, ThresholdRule } from './rule-types.js';
import { schemaProblems } from './schema-issues.js';
import { positionOf, type YamlPath } from './yaml-position.js';

export { MAX_RULE_FILE_BYTES } from './rule-document.js';

/**
 * Parses and validates the text of one rule file. Throws `VIGIL_ERR_RULE_FILE_UNREADABLE`
 * (too large), `VIGIL_ERR_CONFIG_PARSE` (not YAML) or `VIGIL_ERR_RULE_INVALID` (a `RuleError`
 * listing every problem with file, line, column and rule name).
 */
export function parseRuleText(text: string, fileName: string): RuleFile {
  const { document, lineCounter } = parseRuleDocument(text, fileName);
  const issues: RuleIssue[] = [];
  const at = (path: YamlPath, reason: string, atKey = false) =>
    issues.push({
      file: fileName,
      ...positionOf(document, lineCounter, path, { key: atKey }),
      rule: '(file)',
      reason,
    });
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    at([], (error as Error).message.replace(/\.$/, ''));
    throw new RuleError(issues);
  }
  if (value === null || value === undefined) {
    return {
      file: fileName,
      thresholds: [],
      correlation: [],
      classification: undefined,
      document,
      lineCounter,
    };
  }
  if (!isMap(document.contents)) {
    at([], 'a rule file must be a mapping with a "thresholds:" and/or a "correlation:" list');
    throw new RuleError(issues);
  }
  const ruleName = (section: 'thresholds' | 'correlation', index: number): string => {
    const name = (value as Record<string, { name?: unknown }[] | undefined>)[section]?.[index]?.name;
    return typeof name === 'string' && name !== '' ? name.slice(0, 128) : `#${index + 1}`;
  };
  const issueAt = (path: YamlPath, reason: string, atKey = false) => {
    const section = path[0];
    const rule =
      (section === 'thresholds' || section === 'correlation') && typeof path[1] === 'number'
        ? ruleName(section, path[1])
        : '(file)';
    issues.push({ file: fileName, ...positionOf(document, lineCounter, path, { key: atKey }), rule, reason });
  };
  if (!ruleFileValidator.Check(value)) {
    for (const problem of schemaProblems(ruleFileValidator.Errors(value))) {
      issueAt(problem.path, problem.reason, problem.atKey);
    }
    throw new RuleError(issues);
  }
  const position = (path: YamlPath) => positionOf(document, lineCounter, path);
  const thresholds = compileAll(value, fileName, issueAt, position);
  const correlation = compileCorrelation(value.correlation ?? [], fileName, issueAt, position);
  if (issues.length > 0) throw new RuleError(issues);
  return {
    file: fileName,
    thresholds,
    correlation,
    classification: value.classification,
    document,
    lineCounter,
  };
}

function compileAll(
  value: RuleFileInput,
  file: string,
  report: (path: YamlPath, reason: string, atKey?: boolean) => void,
  position: (path: YamlPath) => { line: number; column: number },
): ThresholdRule[] {
  const rules: ThresholdRule[] = [];
  const firstByName = new Map<string, YamlPath>();
  (value.thresholds ?? []).forEach((input, index) => {
    const base: YamlPath = ['thresholds', index];
    const earlier = firstByName.get(input.name);
    if (earlier) {
      const where = position([...earlier, 'name']);
      report(
        [...base, 'name'],
        `the name "${input.name}" is already used at ${file}:${where.line}:${where.column}`,
      );
    } else {
      firstByName.set(input.name, base);
    }
    const origin = { file, ...position(base) };
    const rule = compileThreshold(input, origin, (path, reason, atKey) =>
      report([...base, ...path], reason, atKey),
    );
    if (rule) rules.push(rule);
  });
  return rules;
}

function compileCorrelation(
  entries: readonly unknown[],
  file: string,
  report: (path: YamlPath, reason: string, atKey?: boolean) => void,
  position: (path: YamlPath) => { line: number; column: number },
): CorrelationRule[] {
  const rules: CorrelationRule[] = [];
  const firstByName = new Map<string, YamlPath>();
  entries.forEach((input, index) => {
    const base: YamlPath = ['correlation', index];
    const rule = compileCorrelationRule(input, { file, ...position(base) }, (path, reason, atKey) =>
      report([...base, ...path], reason, atKey),
    );
    if (!rule) return;
    const earlier = firstByName.get(rule.name);
    if (earlier) {
      const where = position([...earlier, 'name']);
      report(
        [...base, 'name'],
        `the name "${rule.name}" is already used at ${file}:${where.line}:${where.column}`,
      );
      return;
    }
    firstByName.set(rule.name, base);
    rules.push(rule);
  });
  return rules;
}
