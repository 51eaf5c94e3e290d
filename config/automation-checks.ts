import { Value } from 'typebox/value';
import type { ConfigPath } from './config-path.js';
import { ConfigSchema } from './schema.js';

const AUTOMATION = ConfigSchema.properties.automation;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

type Problem = { readonly path: ConfigPath; readonly reason: string };

/**
 * The `automation` rules a schema cannot express: unique names within runbooks, scripts and
 * webhooks (rules refer to them by name), runbook argv placeholders that name declared
 * parameters, and parameter patterns that compile. Runs only on a schema-valid section.
 */
export function automationProblems(automation: unknown): Problem[] {
  if (!Value.Check(AUTOMATION, automation)) return [];
  const problems: Problem[] = [];
  for (const list of ['runbooks', 'scripts', 'webhooks'] as const) {
    const first = new Map<string, number>();
    automation[list].forEach((entry, index) => {
      const earlier = first.get(entry.name);
      if (earlier === undefined) first.set(entry.name, index);
      else
        problems.push({
          path: ['automation', list, index, 'name'],
          reason: `"${entry.name}" is already the name of automation.${list}[${earlier}]; names must be unique`,
        });
    });
  }
  automation.runbooks.forEach((runbook, index) => {
    const declared = new Set(runbook.parameters.map((p) => p.name));
    runbook.argv.forEach((part, at) => {
      for (const match of part.matchAll(PLACEHOLDER)) {
        if (!declared.has(match[1]!))
          problems.push({
            path: ['automation', 'runbooks', index, 'argv', at],
            reason: `{{ ${match[1]} }} is not a declared parameter of this runbook (declare it under parameters)`,
          });
      }
      if (part.replace(PLACEHOLDER, '').includes('{{'))
        problems.push({
          path: ['automation', 'runbooks', index, 'argv', at],
          reason: 'a "{{" is not closed by "}}"',
        });
    });
    runbook.parameters.forEach((parameter, at) => {
      if (parameter.pattern === undefined) return;
      try {
        new RegExp(`^(?:${parameter.pattern})$`);
      } catch (error) {
        problems.push({
          path: ['automation', 'runbooks', index, 'parameters', at, 'pattern'],
          reason: `does not compile as a regex (${(error as Error).message})`,
        });
      }
    });
  });
  return problems;
}
