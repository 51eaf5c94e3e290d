import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VIGIL_BIN } from '../support/vigil-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [VIGIL_BIN, 'rules', 'test', ...args], { cwd: root, encoding: 'utf8' });

describe('vigil rules test (CLI)', () => {
  it('runs the shipped examples: PASS per test, exit 0', () => {
    const result = run('rules/examples/correlation.test.yaml');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('PASS  a flapping link holds its incident open until stable');
    expect(result.stdout).toMatch(/4 tests, 4 passed, 0 failed/);
  });

  it('exits 1 with the differences when a test fails, and prints JSON with --json', () => {
    const file = join(dir, 'failing.yaml');
    writeFileSync(
      file,
      `ruleFiles: [${join(root, 'rules/examples/correlation.yaml')}]
tests:
  - name: expects too much
    events: [{ at: 0s, source: host, resource: web-1, check: disk.full, severity: critical, status: firing }]
    expect: [{ at: 0s, incidents: [] }]
`,
    );
    const text = run(file);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('FAIL  expects too much\n      at 0s: incidents.length: expected 0, got 1');
    const json = run(file, '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      tests: [{ name: 'expects too much', ok: false }],
    });
  });

  it('exits 2 naming file, line and test for an invalid file', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'ruleFiles: [x.yaml]\ntests:\n  - { name: t, events: [], expect: [{ at: later }] }\n',
    );
    const result = run(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `VIGIL_ERR_RULE_INVALID: ${file}:3:43: rule test:t: Duration "later" is invalid`,
    );
  });
});
