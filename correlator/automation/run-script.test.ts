import { afterAll, describe, expect, it } from 'vitest';
import { testScripts } from '../../test/support/automation-fixture.js';
import { runScript } from './run-script.js';

const scripts = testScripts();
afterAll(() => scripts.remove());

describe('runScript (real processes)', () => {
  it('reports exit code, output and success', async () => {
    const result = await runScript(scripts.paths.record, ['a b'], {
      timeoutMs: 10_000,
      maxOutputBytes: 1024,
    });
    expect(result).toMatchObject({
      ok: true,
      exitCode: 0,
      stdout: 'recorded\n',
      stderr: '',
      truncated: false,
      timedOut: false,
      error: null,
    });
    expect(scripts.recorded()).toEqual(['a b']);
  });

  it('reports a non-zero exit code with stderr as a failure', async () => {
    const result = await runScript(scripts.paths.fail, [], { timeoutMs: 10_000, maxOutputBytes: 1024 });
    expect(result).toMatchObject({ ok: false, exitCode: 3, stderr: 'disk still full\n', error: null });
  });

  it('stops a program that overruns its timeout, with its process group', async () => {
    const result = await runScript(scripts.paths.slow, [], { timeoutMs: 300, maxOutputBytes: 1024 });
    expect(result).toMatchObject({ ok: false, timedOut: true, error: 'timed out after 300 ms' });
  });

  it('keeps at most maxOutputBytes of endless output and says so', async () => {
    const result = await runScript('/usr/bin/yes', ['vigil'], { timeoutMs: 500, maxOutputBytes: 1000 });
    expect(result.stdout).toHaveLength(1000);
    expect(result.stdout.startsWith('vigil\nvigil\n')).toBe(true);
    expect(result).toMatchObject({ truncated: true, timedOut: true, ok: false });
  });

  it('reports a program that does not exist without throwing', async () => {
    const result = await runScript('/nonexistent/vigil-fix', [], { timeoutMs: 1000, maxOutputBytes: 1024 });
    expect(result).toMatchObject({ ok: false, exitCode: null });
    expect(result.error).toContain('cannot start /nonexistent/vigil-fix');
  });

  it("runs with a minimal environment, so secrets in vigil's own environment do not leak", async () => {
    process.env['VIGIL_TEST_SECRET'] = 'do-not-leak';
    try {
      const result = await runScript('/usr/bin/env', [], { timeoutMs: 5000, maxOutputBytes: 4096 });
      expect(result.stdout).not.toContain('do-not-leak');
      expect(result.stdout).toContain('PATH=');
    } finally {
      delete process.env['VIGIL_TEST_SECRET'];
    }
  });
});
