import { isMap } from 'yaml';
import { MAX_ALIAS_COUNT, parseRuleDocument } from '../../rules/rule-document.js';
import { RuleError, type RuleIssue } from '../../rules/rule-issues.js';
import { schemaProblems } from '../../rules/schema-issues.js';
import { positionOf, type YamlPath } from '../../rules/yaml-position.js';
import type { AutomationCatalog } from './catalog.js';
import { compileAutomationRule } from './compile-rule.js';
import type { AutomationRule } from './rule.js';
import { AutomationFileSchema, automationFileValidator } from './rule-schema.js';

/**
 * Parses and validates the text of one automation rule file against the allow-list in `catalog`.
 * Throws `VIGIL_ERR_RULE_FILE_UNREADABLE` (too large), `VIGIL_ERR_CONFIG_PARSE` (not YAML) or
 * `VIGIL_ERR_RULE_INVALID` (a `RuleError` listing every problem with file, line, column and rule).
 */
export function parseAutomationRules(
  text: string,
  fileName: string,
  catalog: AutomationCatalog,
): AutomationRule[] {
  const { document, lineCounter } = parseRuleDocument(text, fileName);
  const issues: RuleIssue[] = [];
  const where = (path: YamlPath, key = false) => positionOf(document, lineCounter, path, { key });
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    issues.push({ file: fileName, ...where([]), rule: '(file)', reason: (error as Error).message });
    throw new RuleError(issues);
  }
  if (value === null || value === undefined) return [];
  if (!isMap(document.contents)) {
    issues.push({
      file: fileName,
      ...where([]),
      rule: '(file)',
      reason: 'an automation rule file must be a mapping with an "automation:" list',
    });
    throw new RuleError(issues);
  }
  const ruleName = (index: number): string => {
    const name = (value as { automation?: { name?: unknown }[] }).automation?.[index]?.name;
    return typeof name === 'string' && name !== '' ? name.slice(0, 128) : `#${index + 1}`;
  };
  const issueAt = (path: YamlPath, reason: string, atKey = false) => {
    const rule = path[0] === 'automation' && typeof path[1] === 'number' ? ruleName(path[1]) : '(file)';
    issues.push({ file: fileName, ...where(path, atKey), rule, reason });
  };
  if (!automationFileValidator.Check(value)) {
    const errors = automationFileValidator.Errors(value);
    for (const problem of schemaProblems(errors, AutomationFileSchema, 'automation'))
      issueAt(problem.path, problem.reason, problem.atKey);
    throw new RuleError(issues);
  }
  const rules: AutomationRule[] = [];
  const seen = new Map<string, number>();
  value.automation.forEach((input, index) => {
    const base: YamlPath = ['automation', index];
    const first = seen.get(input.name);
    if (first !== undefined) {
      const at = where(['automation', first, 'name']);
      issueAt(
        [...base, 'name'],
        `the name "${input.name}" is already used at ${fileName}:${at.line}:${at.column}`,
      );
    } else seen.set(input.name, index);
    const rule = compileAutomationRule(
      input,
      catalog,
      { file: fileName, ...where(base) },
      (path, reason, atKey) => issueAt([...base, ...path], reason, atKey),
    );
    if (rule) rules.push(rule);
  });
  if (issues.length > 0) throw new RuleError(issues);
  return rules;
}
