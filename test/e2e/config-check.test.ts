import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VIGIL_BIN } from '../support/vigil-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (file: string, ...flags: string[]) =>
  spawnSync(process.execPath, [VIGIL_BIN, 'config', 'check', file, ...flags], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, VIGIL_VIEWER_TOKEN: 'viewer-token-0123456789' },
  });

describe('vigil config check', () => {
  it('accepts the shipped minimal example with exit 0 and a summary table', () => {
    const run = check('config/examples/minimal.yaml');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('config is valid');
    expect(run.stdout).toContain('127.0.0.1:9860');
  });

  it('lists every problem with file, line and key and exits 1', () => {
    const run = check('config/testdata/bad-many-errors.yaml');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('5 problems');
    expect(run.stdout).toContain('bad-many-errors.yaml:3:11');
    expect(run.stdout).toContain('server.listen');
  });

  it('prints machine-readable results with --json', () => {
    const run = check('config/testdata/bad-unknown-nested.yaml', '--json');
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({
      code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
      line: 3,
      key: 'server.lisen',
    });
  });

  it('also checks the rule files the config names, with their file and line', () => {
    const rules = join(dir, 'broken-rules.yaml');
    writeFileSync(
      rules,
      'thresholds:\n  - name: x\n    metric: cpu.load_percent\n    above: 90\n    recover: 95\n    severity: major\n    category: capacity\n    summary: s\n',
    );
    const config = join(dir, 'vigil.yaml');
    writeFileSync(config, `rules: [ ./broken-rules.yaml ]\n`);
    const run = check(config, '--json');
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.errors[0]).toMatchObject({ code: 'VIGIL_ERR_RULE_INVALID', key: 'x' });
    expect(result.errors[0].file).toContain('broken-rules.yaml');
    expect(result.errors[0].line).toBeGreaterThan(1);
  });

  it('never prints a secret value', () => {
    const config = join(dir, 'secret.yaml');
    const reference = ['$', '{env:VIGIL_VIEWER_TOKEN}'].join('');
    writeFileSync(
      config,
      `server:\n  tokens:\n    - { name: grafana, role: viewer, token: "${reference}" }\n`,
    );
    const run = check(config, '--json');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('viewer-token-0123456789');
    expect(run.stdout).toContain('env:VIGIL_VIEWER_TOKEN');
  });

  it('answers a missing file with its code', () => {
    const run = check(join(dir, 'nope.yaml'), '--json');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).errors[0].code).toBe('VIGIL_ERR_CONFIG_NOT_FOUND');
  });
});

describe('vigil run with a broken config', () => {
  it('exits 2 with the error code and where to fix it, before touching the data dir', () => {
    const config = join(dir, 'bad-run.yaml');
    writeFileSync(config, 'server:\n  listne: 127.0.0.1:1\n');
    const dataDir = join(dir, 'data');
    const run = spawnSync(process.execPath, [VIGIL_BIN, 'run', '-c', config, '--data-dir', dataDir], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('VIGIL_ERR_CONFIG_UNKNOWN_KEY');
    expect(run.stderr).toContain('bad-run.yaml:2:3');
    expect(run.stderr).toContain('did you mean "listen"');
  });
});
