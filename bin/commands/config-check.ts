import Table from 'cli-table3';
import { type ConfigCheckResult, checkConfigFile } from '../../config/check.js';
import type { ConfigIssue } from '../../config/issues.js';
import { loadConfigFile } from '../../config/load.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { formatRuleIssue, RuleError } from '../../rules/rule-issues.js';
import { loadConfiguredAutomation } from '../automation-sources.js';
import { incidentPolicyFromConfig } from '../incident-policy.js';
import { loadConfiguredRules } from '../rule-sources.js';

/**
 * `vigil config check FILE`: validates the config, the rule files it names and its assignment
 * matchers, exactly as `vigil run` would load them. Returns the result and the exit code (0 valid,
 * 1 invalid) and prints a table, or JSON with `--json`.
 */
export async function configCheck(file: string, options: { json: boolean }): Promise<number> {
  let result: ConfigCheckResult = await checkConfigFile(file, { env: process.env });
  if (result.ok) {
    const issues = await checkRulesAndPolicy(file);
    if (issues.length > 0) result = { ok: false, errors: issues, summary: null };
  }
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
  return result.ok ? 0 : 1;
}

async function checkRulesAndPolicy(file: string): Promise<ConfigIssue[]> {
  const config = await loadConfigFile(file, { env: process.env });
  try {
    await loadConfiguredRules(config.rules);
    await loadConfiguredAutomation(config.automation);
    incidentPolicyFromConfig(config.incidents);
    return [];
  } catch (error) {
    if (error instanceof RuleError) {
      return error.details.map((i) => ({
        code: 'VIGIL_ERR_RULE_INVALID',
        message: formatRuleIssue(i),
        file: i.file,
        line: i.line,
        column: i.column,
        key: i.rule,
      }));
    }
    if (error instanceof VigilError) {
      return [{ code: error.code, message: error.message, file, line: null, column: null, key: null }];
    }
    throw error;
  }
}

function formatResult(result: ConfigCheckResult): string {
  if (!result.ok) {
    const table = new Table({
      head: ['file:line:col', 'key', 'code', 'problem'],
      wordWrap: true,
      colWidths: [null, 26, 30, 60],
    });
    for (const e of result.errors) {
      const where = e.line === null ? e.file : `${e.file}:${e.line}:${e.column ?? 1}`;
      const problem = e.message.startsWith(`${where}: `) ? e.message.slice(where.length + 2) : e.message;
      table.push([where, e.key ?? '', e.code, problem]);
    }
    const count = `${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`;
    return `config is INVALID (${count}):\n${table.toString()}\n`;
  }
  const s = result.summary!;
  const table = new Table();
  table.push(
    { file: s.file },
    { listen: s.listen },
    {
      store:
        s.store.kind === 'sqlite'
          ? `sqlite ${s.store.path}`
          : `redis ${s.store.url} (prefix ${s.store.keyPrefix})`,
    },
    {
      tokens: Object.entries(s.tokens)
        .map(([role, n]) => `${role}: ${n}`)
        .join(', '),
    },
    { 'metrics auth': String(s.metricsAuth) },
    { host: s.host.enabled ? `every ${s.host.interval}` : 'off' },
    { rules: s.rules.join(', ') || '(none)' },
    { secrets: s.secrets.join(', ') || '(none)' },
  );
  return `config is valid:\n${table.toString()}\n`;
}
