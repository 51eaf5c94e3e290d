import { readFile, stat } from 'node:fs/promises';
import { expandRulePattern } from '../../rules/file-glob.js';
import { MAX_RULE_FILE_BYTES } from '../../rules/parse-rule-text.js';
import { RuleError } from '../../rules/rule-issues.js';
import { VigilError } from '../errors/vigil-error.js';
import type { AutomationCatalog } from './catalog.js';
import { parseAutomationRules } from './parse-rules.js';
import type { AutomationRule } from './rule.js';

/**
 * Loads the automation rule files named by absolute paths or `*` patterns (as the config's
 * `automation.rules` gives them), in order, each file once. Rule names must be unique across files.
 */
export async function loadAutomationRules(
  patterns: readonly string[],
  catalog: AutomationCatalog,
  baseDir = process.cwd(),
): Promise<AutomationRule[]> {
  const rules: AutomationRule[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    for (const { path, display } of await expandRulePattern(pattern, baseDir)) {
      if (seen.has(path)) continue;
      seen.add(path);
      rules.push(...parseAutomationRules(await readBounded(path, display), display, catalog));
    }
  }
  const byName = new Map<string, AutomationRule>();
  for (const rule of rules) {
    const first = byName.get(rule.name);
    if (first) {
      throw new RuleError([
        {
          ...rule.origin,
          rule: rule.name,
          reason: `the name is already used at ${first.origin.file}:${first.origin.line}:${first.origin.column}`,
        },
      ]);
    }
    byName.set(rule.name, rule);
  }
  return rules;
}

async function readBounded(path: string, display: string): Promise<string> {
  const fail = (reason: string): never => {
    throw new VigilError('VIGIL_ERR_RULE_FILE_UNREADABLE', { file: display, reason });
  };
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('it is not a regular file');
    if (info.size > MAX_RULE_FILE_BYTES)
      return fail(`it is ${info.size} bytes, more than the limit of ${MAX_RULE_FILE_BYTES} bytes`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof VigilError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : String(error),
    );
  }
}
