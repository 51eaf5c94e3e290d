export { compileThreshold } from './compile-threshold.js';
export { expandRulePattern, type RuleFilePath } from './file-glob.js';
export { builtinRulesDir, combineRuleFiles, loadBuiltinRules, loadRuleFiles } from './load.js';
export {
  formatMatcher,
  type Matcher,
  type MatchOperator,
  matches,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from './matchers.js';
export { MAX_RULE_FILE_BYTES, parseRuleText } from './parse-rule-text.js';
export { formatRuleIssue, RuleError, type RuleIssue } from './rule-issues.js';
export type { RuleFile, RuleLocation, RuleSet, RuleSeverity, ThresholdRule } from './rule-types.js';
export { type CompiledTemplate, compileTemplate, type TemplateContext } from './template.js';
export { ThresholdEvaluator, type ThresholdEvaluatorOptions } from './threshold-evaluator.js';
