import type { FlappingRule, TransientRule } from '../../rules/correlation-types.js';
import { matchesAll } from '../../rules/matchers.js';
import { type AlertRecord, HELD_TRANSIENT } from '../model/records.js';
import { groupingFacts } from './grouper.js';

export { HELD_TRANSIENT } from '../model/records.js';

/** The first transient rule that selects `alert`, if any. */
export function transientRuleFor(rules: readonly TransientRule[], alert: AlertRecord): TransientRule | null {
  if (rules.length === 0) return null;
  const facts = groupingFacts(alert);
  return rules.find((rule) => matchesAll(rule.matchers, facts)) ?? null;
}

/**
 * The transient rule `alert` is waiting out: its newest reason other than dedup's is
 * `held_transient` (nothing else explains a firing alert without an incident). Null when it is
 * not waiting.
 */
export function heldBy(rules: readonly TransientRule[], alert: AlertRecord): TransientRule | null {
  if (rules.length === 0) return null;
  const last = alert.reasons.findLast((r) => r.by !== 'dedup');
  if (last?.reason !== HELD_TRANSIENT) return null;
  return rules.find((rule) => `rule:${rule.name}` === last.by) ?? null;
}

/**
 * Records a state change of `alert` at `now` if a flapping rule selects it, keeping only the
 * changes within the rule's period (at most `changes + 1`), and returns the rule when the alert is
 * flapping: more than `changes` state changes within `within`. Mutates `alert` (a fresh record
 * from dedup).
 */
export function trackFlapping(
  rules: readonly FlappingRule[],
  alert: AlertRecord,
  changed: boolean,
  now: number,
): FlappingRule | null {
  if (rules.length === 0) return null;
  const facts = groupingFacts(alert);
  const rule = rules.find((r) => matchesAll(r.matchers, facts));
  if (!rule) return null;
  const since = now - rule.withinMs;
  const recent = (alert.stateChanges ?? []).filter((t) => t > since);
  if (changed) recent.push(now);
  const kept = recent.slice(-(rule.changes + 1));
  if (kept.length > 0 || alert.stateChanges !== undefined) alert.stateChanges = kept;
  return kept.length > rule.changes ? rule : null;
}
