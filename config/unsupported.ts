import { type ConfigIssue, makeIssue } from './issues.js';
import { UNSUPPORTED_SECTIONS } from './schema.js';
import type { Locator } from './yaml-locator.js';

/**
 * Finds the DESIGN.md sections this version does not implement (`snmp`, `ssh`, ...) and removes
 * them from `config`, so a user who writes one learns it is not available yet instead of reading
 * "unknown key" or, worse, believing it works.
 */
export function takeUnsupportedSections(
  config: Record<string, unknown>,
  context: { readonly file: string; readonly locator: Locator },
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const section of UNSUPPORTED_SECTIONS) {
    if (!Object.hasOwn(config, section)) continue;
    issues.push(
      makeIssue('VIGIL_ERR_CONFIG_UNSUPPORTED', context.file, context.locator.key([section]), [section]),
    );
    delete config[section];
  }
  return issues;
}
