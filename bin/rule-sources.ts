import { join } from 'node:path';
import type { RuleSource } from '../config/types.js';
import { builtinRulesDir, combineRuleFiles, loadRuleFiles } from '../rules/load.js';
import type { RuleSet } from '../rules/rule-types.js';

/**
 * Loads the rule files the config names, in order: `builtin:NAME` is `rules/defaults/NAME.yaml`
 * shipped with vigil, anything else a path or `*` pattern (already absolute in the config).
 * Rule names must be unique across all of them.
 */
export async function loadConfiguredRules(sources: readonly RuleSource[]): Promise<RuleSet> {
  const files = [];
  for (const source of sources) {
    const pattern =
      source.kind === 'builtin' ? join(builtinRulesDir(), `${source.name}.yaml`) : source.pattern;
    files.push(...(await loadRuleFiles([pattern])).files);
  }
  return combineRuleFiles(files);
}
