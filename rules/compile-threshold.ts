import { parseDuration } from '../config/duration.js';
import { type Matcher, parseMatcher } from './matchers.js';
import type { ThresholdInput } from './rule-schema.js';
import type { RuleLocation, ThresholdRule } from './rule-types.js';
import { type CompiledTemplate, compileTemplate } from './template.js';
import type { YamlPath } from './yaml-position.js';

/** Reports a problem at a path inside the rule (e.g. `['recover']`); `atKey` points at the key. */
export type ReportIssue = (path: YamlPath, reason: string, atKey?: boolean) => void;

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Labels the evaluator sets itself. */
const RESERVED_LABELS = new Set(['category']);
const DEFAULT_SUMMARY = '{{ rule }}: {{ metric }} is {{ value }} (threshold {{ threshold }})';

/**
 * Checks what the schema cannot (exactly one of above/below, recover on the right side,
 * durations, matchers, template placeholders, label names) and compiles the rule. Reports every
 * problem and returns `undefined` when there was any.
 */
export function compileThreshold(
  input: ThresholdInput,
  origin: RuleLocation,
  report: ReportIssue,
): ThresholdRule | undefined {
  let ok = true;
  const fail: ReportIssue = (path, reason, atKey) => {
    ok = false;
    report(path, reason, atKey);
  };
  const bound = direction(input, fail);
  const recover = input.recover ?? bound?.threshold;
  if (bound && recover !== undefined) checkRecover(bound.direction, bound.threshold, recover, fail);
  const forMs = duration(input.for, ['for'], fail);
  const recoverForMs = duration(input.recoverFor, ['recoverFor'], fail);
  const matchers = (input.matchers ?? []).map((text, index) => matcher(text, index, fail));
  const summary = template(input.summary ?? DEFAULT_SUMMARY, fail);
  const labels = input.labels ?? {};
  for (const name of Object.keys(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__'))
      fail(
        ['labels', name],
        `label name "${name}" must be letters, digits and _, not starting with __`,
        true,
      );
    else if (RESERVED_LABELS.has(name))
      fail(['labels', name], `label "${name}" is set from the rule's ${name}:`, true);
  }
  if (!ok || !bound || recover === undefined || !summary) return undefined;
  return {
    name: input.name,
    check: input.check ?? input.name,
    metric: input.metric,
    matchers: matchers as Matcher[],
    direction: bound.direction,
    threshold: bound.threshold,
    recover,
    forMs,
    recoverForMs,
    severity: input.severity,
    category: input.category,
    summary,
    labels: { ...labels },
    origin,
  };
}

function direction(input: ThresholdInput, fail: ReportIssue) {
  if (input.above !== undefined && input.below !== undefined) {
    fail(['below'], 'set either above or below, not both');
    return undefined;
  }
  if (input.above !== undefined) return { direction: 'above' as const, threshold: input.above };
  if (input.below !== undefined) return { direction: 'below' as const, threshold: input.below };
  fail([], 'set the threshold with above: or below:');
  return undefined;
}

function checkRecover(dir: 'above' | 'below', threshold: number, recover: number, fail: ReportIssue): void {
  if (dir === 'above' && recover > threshold) {
    fail(
      ['recover'],
      `recover (${recover}) must be <= above (${threshold}); otherwise the alert resolves while still above`,
    );
  }
  if (dir === 'below' && recover < threshold) {
    fail(
      ['recover'],
      `recover (${recover}) must be >= below (${threshold}); otherwise the alert resolves while still below`,
    );
  }
}

function duration(value: string | number | undefined, path: YamlPath, fail: ReportIssue): number {
  if (value === undefined) return 0;
  try {
    return parseDuration(value);
  } catch (error) {
    fail(path, (error as Error).message.replace(/\.$/, ''));
    return 0;
  }
}

function matcher(text: string, index: number, fail: ReportIssue): Matcher | undefined {
  try {
    return parseMatcher(text);
  } catch (error) {
    fail(['matchers', index], (error as Error).message.replace(/\.$/, ''));
    return undefined;
  }
}

function template(source: string, fail: ReportIssue): CompiledTemplate | undefined {
  try {
    return compileTemplate(source);
  } catch (error) {
    fail(['summary'], (error as Error).message);
    return undefined;
  }
}
