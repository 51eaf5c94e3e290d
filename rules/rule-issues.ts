import { VigilError } from '../correlator/errors/vigil-error.js';
import type { RuleLocation } from './rule-types.js';

/** One problem in a rule file, with the rule it concerns. */
export interface RuleIssue extends RuleLocation {
  /** The rule's name, `#N` for an unnamed N-th rule, or `(file)` for file-level problems. */
  readonly rule: string;
  readonly reason: string;
}

/** The error thrown for invalid rule files: the first issue as message, every issue in `details`. */
export class RuleError extends VigilError {
  override readonly details: readonly RuleIssue[];

  constructor(issues: readonly RuleIssue[]) {
    const sorted = [...issues].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
    );
    const first = sorted[0]!;
    const more =
      sorted.length > 1 ? ` (and ${sorted.length - 1} more problem${sorted.length > 2 ? 's' : ''})` : '';
    super('VIGIL_ERR_RULE_INVALID', { ...first, reason: `${first.reason}${more}` });
    this.details = sorted;
  }
}

/** Formats an issue as `file:line:column: rule name: reason` (one line of `vigil rules check`). */
export function formatRuleIssue(issue: RuleIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: rule ${issue.rule}: ${issue.reason}`;
}
