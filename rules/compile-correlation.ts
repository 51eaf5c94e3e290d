import { parseDuration } from '../config/duration.js';
import type { ReportIssue } from './compile-threshold.js';
import { CORRELATION_KINDS, correlationSchemas, correlationValidators } from './correlation-schema.js';
import type {
  ClassificationRule,
  CorrelationRule,
  FlappingRule,
  GroupingRule,
  TransientRule,
} from './correlation-types.js';
import { type Matcher, parseMatcher } from './matchers.js';
import type { RuleLocation } from './rule-types.js';
import { schemaProblems } from './schema-issues.js';

/**
 * Validates one entry of a rule file's `correlation:` list against the schema of its `kind`, then
 * checks what the schema cannot (matchers, durations, a rule that sets nothing, a grouping without
 * a key) and compiles it. Reports every problem (paths relative to the entry) and returns
 * `undefined` when there was any.
 */
export function compileCorrelationRule(
  input: unknown,
  origin: RuleLocation,
  report: ReportIssue,
): CorrelationRule | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    report([], 'a correlation rule must be a mapping with kind: and name:');
    return undefined;
  }
  const kind = (input as { kind?: unknown }).kind;
  if (kind === undefined) {
    report([], `missing required key "kind" (one of ${CORRELATION_KINDS.join(', ')})`);
    return undefined;
  }
  if (!(CORRELATION_KINDS as readonly unknown[]).includes(kind)) {
    report(['kind'], `"kind" must be one of ${CORRELATION_KINDS.join(', ')}`);
    return undefined;
  }
  const k = kind as (typeof CORRELATION_KINDS)[number];
  const validator = correlationValidators[k];
  if (!validator.Check(input)) {
    for (const problem of schemaProblems(validator.Errors(input), correlationSchemas[k])) {
      report(problem.path, problem.reason, problem.atKey);
    }
    return undefined;
  }
  let ok = true;
  const fail: ReportIssue = (path, reason, atKey) => {
    ok = false;
    report(path, reason, atKey);
  };
  const raw = input as { matchers?: string[] };
  const matchers = (raw.matchers ?? []).map((text, index) => matcher(text, index, fail));
  const rule =
    k === 'classification'
      ? classification(input, fail)
      : k === 'grouping'
        ? grouping(input, fail)
        : timed(k, input, fail);
  if (!ok || !rule) return undefined;
  return { ...rule, matchers: matchers as Matcher[], origin } as CorrelationRule;
}

type Body<R> = Omit<R, 'matchers' | 'origin'>;

function classification(input: unknown, fail: ReportIssue): Body<ClassificationRule> | undefined {
  const rule = input as ClassificationRule;
  if (
    rule.category === undefined &&
    rule.urgency === undefined &&
    rule.impact === undefined &&
    rule.assignmentGroup === undefined
  ) {
    fail([], 'a classification rule must set at least one of category, urgency, impact, assignmentGroup');
    return undefined;
  }
  const { kind, name, category, urgency, impact, assignmentGroup } = rule;
  return {
    kind,
    name,
    ...(category ? { category } : {}),
    ...(urgency ? { urgency } : {}),
    ...(impact ? { impact } : {}),
    ...(assignmentGroup ? { assignmentGroup } : {}),
  };
}

function grouping(input: unknown, fail: ReportIssue): Body<GroupingRule> | undefined {
  const rule = input as {
    name: string;
    groupBy?: string[];
    cmdb?: 'same_ci' | 'related';
    window: string | number;
    mode?: 'merge' | 'link';
    threshold?: { count: number; within: string | number };
  };
  const groupBy = rule.groupBy ?? [];
  let ok = true;
  if (groupBy.length === 0 && rule.cmdb === undefined) {
    fail(
      [],
      'a grouping rule needs groupBy: (labels) and/or cmdb: (same_ci or related) to know what belongs together',
    );
    ok = false;
  }
  groupBy.forEach((label, index) => {
    if (groupBy.indexOf(label) !== index) {
      fail(['groupBy', index], `label "${label}" is listed twice`);
      ok = false;
    }
  });
  const windowMs = positiveDuration(rule.window, ['window'], fail);
  const withinMs = rule.threshold
    ? positiveDuration(rule.threshold.within, ['threshold', 'within'], fail)
    : 0;
  if (!ok || windowMs === undefined || withinMs === undefined) return undefined;
  return {
    kind: 'grouping',
    name: rule.name,
    groupBy: [...groupBy],
    cmdb: rule.cmdb ?? null,
    windowMs,
    mode: rule.mode ?? 'merge',
    threshold: rule.threshold ? { count: rule.threshold.count, withinMs } : null,
  };
}

/** Longest grouping window or threshold period: stored groups are pruned after a day. */
export const MAX_GROUP_WINDOW_MS = 86_400_000;

function timed(
  kind: 'transient' | 'flapping',
  input: unknown,
  fail: ReportIssue,
): Body<TransientRule> | Body<FlappingRule> | undefined {
  const rule = input as { name: string; within: string | number; changes?: number };
  const withinMs = positiveDuration(rule.within, ['within'], fail);
  if (withinMs === undefined) return undefined;
  return kind === 'transient'
    ? { kind, name: rule.name, withinMs }
    : { kind, name: rule.name, withinMs, changes: rule.changes! };
}

function positiveDuration(
  value: string | number,
  path: readonly (string | number)[],
  fail: ReportIssue,
): number | undefined {
  try {
    const ms = parseDuration(value);
    if (ms > 0 && ms <= MAX_GROUP_WINDOW_MS) return ms;
    fail(path, ms > 0 ? 'must be at most 1d (groups are kept for a day)' : 'must be longer than 0s');
  } catch (error) {
    fail(path, (error as Error).message.replace(/\.$/, ''));
  }
  return undefined;
}

function matcher(text: string, index: number, fail: ReportIssue): Matcher | undefined {
  try {
    return parseMatcher(text);
  } catch (error) {
    fail(['matchers', index], (error as Error).message.replace(/\.$/, ''));
    return undefined;
  }
}
