import { Counter, type Registry } from 'prom-client';
import type { Batch, Stage } from '../pipeline/batch.js';

/**
 * Metrics of suppression, built on the registry passed in. The `kind` label is one of
 * SUPPRESSION_KINDS, so it stays bounded whatever silences or windows exist.
 */
export function createSuppressionMetrics(registry: Registry) {
  return {
    alertsSuppressed: new Counter({
      name: 'vigil_alerts_suppressed_total',
      help: 'Alerts that became suppressed, by mechanism (maintenance, silence, inhibition, topology).',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    alertsUnsuppressed: new Counter({
      name: 'vigil_alerts_unsuppressed_total',
      help: 'Suppressed alerts that were still firing when their suppression ended and went on as if they had just fired.',
      registers: [registry],
    }),
  };
}

/** The handles `createSuppressionMetrics` returns. */
export type SuppressionMetrics = ReturnType<typeof createSuppressionMetrics>;

/** Post-commit stage: counts what the suppression stage decided, once the batch is stored. */
export function suppressionMetricsStage(metrics: SuppressionMetrics): Stage {
  return {
    name: 'suppression-metrics',
    async run(batch: Batch): Promise<void> {
      for (const { kind } of batch.suppressed) metrics.alertsSuppressed.inc({ kind });
      for (const { result } of batch.outcomes) {
        if (result.previousState === 'suppressed' && result.decision === 'fired')
          metrics.alertsUnsuppressed.inc();
      }
    },
  };
}
