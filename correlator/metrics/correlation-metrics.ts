import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The metrics of correlation rules, on a registry passed in (kept apart from `vigil-metrics.ts` so
 * the rule engine owns its own handles). Label sets are bounded: `kind` and `result` are fixed
 * sets; `rule` is the name of a loaded rule or `none`.
 */
export function createCorrelationMetrics(registry: Registry) {
  const registers = [registry];
  return {
    ruleReloads: new Counter({
      name: 'vigil_rule_reloads_total',
      help: 'Rule reloads (SIGHUP or POST /api/v1/rules/reload), by result (success, failure); a failed reload keeps the previous rules.',
      labelNames: ['result'] as const,
      registers,
    }),
    rulesLoaded: new Gauge({
      name: 'vigil_correlation_rules',
      help: 'Correlation rules in effect, by kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    decisions: new Counter({
      name: 'vigil_correlation_decisions_total',
      help: 'Decisions the correlation stages took about alerts (the reasons on the alerts), by stage, reason and rule (a loaded rule name, or none).',
      labelNames: ['stage', 'reason', 'rule'] as const,
      registers,
    }),
    ruleReloadTimestamp: new Gauge({
      name: 'vigil_rule_reload_last_success_timestamp_seconds',
      help: 'When the rules in effect were loaded (Unix seconds).',
      registers,
    }),
  };
}

/** The handles returned by `createCorrelationMetrics`. */
export type CorrelationMetrics = ReturnType<typeof createCorrelationMetrics>;
