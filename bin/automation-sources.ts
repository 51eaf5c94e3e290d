import type { AutomationConfig } from '../config/types.js';
import { catalogFromConfig } from '../correlator/automation/catalog-from-config.js';
import { loadAutomationRules } from '../correlator/automation/load-rules.js';
import type { AutomationSetup } from '../correlator/automation/setup.js';

/**
 * Loads the `automation` section as the correlator takes it: the allow-list from the config and
 * the rule files it names, checked against that allow-list (VIGIL_ERR_RULE_INVALID with file, line
 * and rule on any problem). No SSH runner yet: runbook actions are recorded as failed until one is
 * plugged in.
 */
export async function loadConfiguredAutomation(config: AutomationConfig): Promise<AutomationSetup> {
  const catalog = catalogFromConfig(config);
  return {
    catalog,
    rules: await loadAutomationRules(config.rules, catalog),
    remote: null,
    maxConcurrent: config.maxConcurrent,
    maxOutputBytes: config.outputBytes,
    dryRun: config.dryRun,
  };
}
