import type { SshCheckConfig } from '../config/types.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { compileThreshold } from '../rules/compile-threshold.js';
import type { ThresholdRule } from '../rules/rule-types.js';

/**
 * Compiles `ssh.checks` into threshold rules on `ssh.check.value{check="<name>"}` named
 * `ssh-check-<name>`, through the same compiler as rule files, so a custom check alerts exactly
 * like any other threshold (hysteresis, `for`, severity levels, summaries).
 */
export function sshCheckRules(checks: readonly SshCheckConfig[], file: string): ThresholdRule[] {
  const rules: ThresholdRule[] = [];
  for (const check of checks) {
    const problems: string[] = [];
    const rule = compileThreshold(
      {
        name: `ssh-check-${check.name}`,
        metric: 'ssh.check.value',
        matchers: [`check="${check.name}"`],
        ...(check.above !== undefined ? { above: check.above } : {}),
        ...(check.below !== undefined ? { below: check.below } : {}),
        ...(check.recover !== undefined ? { recover: check.recover } : {}),
        for: check.forMs / 1000,
        severity: check.severity,
        category: check.category,
        summary:
          check.summary ??
          `SSH check ${check.name} on {{ resource }} is {{ value }} (threshold {{ threshold }})`,
      },
      { file, line: 0, column: 0 },
      (path, reason) => problems.push(`${path.join('.') || 'rule'}: ${reason}`),
    );
    if (!rule) {
      throw new VigilError('VIGIL_ERR_RULE_INVALID', {
        file,
        line: 0,
        column: 0,
        rule: `ssh.checks ${check.name}`,
        reason: problems.join('; '),
      });
    }
    rules.push(rule);
  }
  return rules;
}
