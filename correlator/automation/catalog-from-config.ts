import type { AutomationConfig } from '../../config/types.js';
import { type AutomationCatalog, DEFAULT_PARAMETER_PATTERN } from './catalog.js';

/**
 * Builds the allow-list from the validated `automation` config section: parameter patterns are
 * compiled fully anchored (the default accepts one token of safe characters).
 */
export function catalogFromConfig(
  config: Pick<AutomationConfig, 'runbooks' | 'scripts' | 'webhooks'>,
): AutomationCatalog {
  return {
    runbooks: new Map(
      config.runbooks.map((r) => [
        r.name,
        {
          name: r.name,
          argv: [...r.argv],
          parameters: r.parameters.map((p) => ({
            name: p.name,
            pattern: new RegExp(`^(?:${p.pattern ?? DEFAULT_PARAMETER_PATTERN})$`),
          })),
          timeoutMs: r.timeoutMs,
        },
      ]),
    ),
    scripts: new Map(config.scripts.map((s) => [s.name, { ...s }])),
    webhooks: new Map(config.webhooks.map((w) => [w.name, { ...w, headers: { ...w.headers } }])),
  };
}
