import type { RuleGuardrails } from './rule.js';

/** What the guardrails read: counts of earlier changes, from the change store. */
export interface GuardrailHistory {
  /** Changes of this rule for this incident still pending approval, running or verifying. */
  inFlight: number;
  /** Changes of this rule for this incident that ran or wait to (not dry runs, not rejected). */
  attempts: number;
  /** When this rule last ran (or queued to) on this CI, not counting dry runs and rejections; null if never. */
  lastRunAt: number | null;
  /** Runs of any rule on this CI within the rule's per-CI window. */
  recentOnCi: number;
  /** Runs of this action (runbook, script, webhook) within the rule's per-action window. */
  recentOfAction: number;
  /** Changes running or verifying now, across all rules. */
  running: number;
}

/** Which guardrail refused a run: the `guardrail` label of `vigil_automation_blocked_total`. */
export type Guardrail =
  | 'in_flight'
  | 'max_attempts'
  | 'cooldown'
  | 'rate_limit_ci'
  | 'rate_limit_action'
  | 'concurrency';

/** The guardrails' verdict on one prospective run. */
export type GuardrailDecision =
  | { allow: true; dryRun: boolean; approval: boolean }
  | { allow: false; guardrail: Guardrail; detail: string };

/**
 * Decides whether a rule may act on an incident now. Pure: the engine gathers the history and
 * records the outcome. Order: one change per rule and incident at a time, maximum attempts per
 * incident, cooldown per rule and CI, the per-CI and per-action rate limits, then (only for runs
 * that execute at once) the concurrency limit. A dry run passes the same checks (so its record
 * says what would have happened) but never counts towards them.
 */
export function decideGuardrails(
  guardrails: RuleGuardrails,
  history: GuardrailHistory,
  now: number,
  options: { maxConcurrent: number; dryRun: boolean },
): GuardrailDecision {
  const dryRun = options.dryRun || guardrails.dryRun;
  const block = (guardrail: Guardrail, detail: string): GuardrailDecision => ({
    allow: false,
    guardrail,
    detail,
  });
  if (history.inFlight > 0)
    return block('in_flight', 'a change of this rule for this incident is still open');
  if (history.attempts >= guardrails.maxAttempts)
    return block(
      'max_attempts',
      `${history.attempts} of ${guardrails.maxAttempts} attempts for this incident used`,
    );
  if (history.lastRunAt !== null && now - history.lastRunAt < guardrails.cooldownMs) {
    return block(
      'cooldown',
      `last run on this CI ${Math.round((now - history.lastRunAt) / 1000)} s ago, cooldown ${guardrails.cooldownMs / 1000} s`,
    );
  }
  if (guardrails.perCi && history.recentOnCi >= guardrails.perCi.count) {
    return block(
      'rate_limit_ci',
      `${history.recentOnCi} runs on this CI within ${guardrails.perCi.windowMs / 1000} s (limit ${guardrails.perCi.count})`,
    );
  }
  if (guardrails.perAction && history.recentOfAction >= guardrails.perAction.count) {
    return block(
      'rate_limit_action',
      `${history.recentOfAction} runs of this action within ${guardrails.perAction.windowMs / 1000} s (limit ${guardrails.perAction.count})`,
    );
  }
  const runsNow = !dryRun && !guardrails.approval;
  if (runsNow && history.running >= options.maxConcurrent) {
    return block(
      'concurrency',
      `${history.running} changes already running (limit ${options.maxConcurrent})`,
    );
  }
  return { allow: true, dryRun, approval: guardrails.approval && !dryRun };
}
