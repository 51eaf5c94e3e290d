import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The automation metrics, built on the registry passed in. Labels are bounded: `action` is
 * `kind:name` of a runbook, script or webhook declared in the config, `result` a final change state,
 * `guardrail` one of the guardrail names.
 */
export function createAutomationMetrics(registry: Registry) {
  const registers = [registry];
  return {
    runs: new Counter({
      name: 'vigil_automation_runs_total',
      help: 'Automation runs (change records) that reached a final state, by action and result (succeeded, failed, rolled_back, rejected, dry_run).',
      labelNames: ['action', 'result'] as const,
      registers,
    }),
    blocked: new Counter({
      name: 'vigil_automation_blocked_total',
      help: 'Automation runs a guardrail refused before any change was recorded, by guardrail.',
      labelNames: ['guardrail'] as const,
      registers,
    }),
    actionDuration: new Histogram({
      name: 'vigil_automation_action_duration_seconds',
      help: 'Wall time of one executed action (not dry runs), by action kind (ssh, script, webhook).',
      labelNames: ['kind'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
  };
}

/** The handles `createAutomationMetrics` returns. */
export type AutomationMetrics = ReturnType<typeof createAutomationMetrics>;
