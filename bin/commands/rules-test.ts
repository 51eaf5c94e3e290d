import { readRulesTest } from '../../rules/parse-rules-test.js';
import { type RulesTestResult, runRulesTests } from '../../rules/rules-test-runner.js';

/**
 * `vigil rules test FILE`: runs rule unit tests (docs/rules-test.md) and prints PASS/FAIL per test
 * with each difference, or with `json` one JSON document. Resolves with the exit code: 0 when all
 * pass, 1 when any fails. Invalid files throw a VigilError (the CLI exits 2 with its message).
 */
export async function rulesTest(
  file: string,
  {
    json = false,
    write = (text: string): void => {
      process.stdout.write(text);
    },
  }: { json?: boolean; write?: (text: string) => void } = {},
): Promise<number> {
  const suite = readRulesTest(file);
  const results = await runRulesTests(suite);
  const failed = results.filter((r) => !r.ok).length;
  if (json) {
    write(`${JSON.stringify({ ok: failed === 0, file, tests: results }, null, 2)}\n`);
  } else {
    for (const result of results) write(formatResult(result));
    write(`${results.length} tests, ${results.length - failed} passed, ${failed} failed\n`);
  }
  return failed === 0 ? 0 : 1;
}

function formatResult(result: RulesTestResult): string {
  const lines = [`${result.ok ? 'PASS' : 'FAIL'}  ${result.name}`];
  for (const f of result.failures) {
    lines.push(`      at ${f.at}: ${f.path}: expected ${show(f.expected)}, got ${show(f.actual)}`);
  }
  return `${lines.join('\n')}\n`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
