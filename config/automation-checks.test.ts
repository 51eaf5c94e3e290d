import { describe, expect, it } from 'vitest';
import { isConfigError } from './issues.js';
import { loadConfigText } from './load.js';

const load = (text: string) =>
  loadConfigText(text, '/etc/vigil/vigil.yaml', { env: { HOOK: 'hook-token-1234' } });

async function problems(text: string): Promise<Array<[string, string | null, number | null, string]>> {
  try {
    await load(text);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    return error.details.map((i) => [i.code, i.key, i.line, i.message]);
  }
  throw new Error('expected the config to be refused');
}

describe('config: automation section', () => {
  it('resolves rule paths and script paths against the config directory, durations to ms', async () => {
    const config = await load(`automation:
  rules: [./automation/*.yaml]
  runbooks:
    - { name: restart, argv: [systemctl, restart, "{{ unit }}"], parameters: [{ name: unit }] }
  scripts:
    - { name: clean, path: ./bin/clean, timeout: 2m }
  webhooks:
    - { name: hook, url: "https://h.example/x", headers: { authorization: "Bearer \${env:HOOK}" } }
`);
    expect(config.automation).toEqual({
      rules: ['/etc/vigil/automation/*.yaml'],
      dryRun: false,
      maxConcurrent: 4,
      outputBytes: 65_536,
      runbooks: [
        {
          name: 'restart',
          argv: ['systemctl', 'restart', '{{ unit }}'],
          parameters: [{ name: 'unit' }],
          timeoutMs: 60_000,
        },
      ],
      scripts: [{ name: 'clean', path: '/etc/vigil/bin/clean', timeoutMs: 120_000 }],
      webhooks: [
        {
          name: 'hook',
          url: 'https://h.example/x',
          headers: { authorization: 'Bearer hook-token-1234' },
          timeoutMs: 10_000,
        },
      ],
    });
  });

  it('defaults to no automation', async () => {
    expect((await load('')).automation).toMatchObject({ rules: [], runbooks: [], scripts: [], webhooks: [] });
  });

  it('refuses schema problems in the section: unknown keys, non-http URLs, out-of-range numbers', async () => {
    const issues = await problems(`automation:
  scripts:
    - { name: s, path: /bin/true, shell: true }
  webhooks:
    - { name: w, url: "file:///etc/passwd" }
  maxConcurrent: 0
`);
    expect(issues.map(([code, key, line]) => [code, key, line])).toEqual([
      ['VIGIL_ERR_CONFIG_UNKNOWN_KEY', 'automation.scripts[0].shell', 3],
      ['VIGIL_ERR_CONFIG_INVALID', 'automation.webhooks[0].url', 5],
      ['VIGIL_ERR_CONFIG_INVALID', 'automation.maxConcurrent', 6],
    ]);
  });

  it('refuses duplicate names, undeclared placeholders and broken regexes, each at its line', async () => {
    const issues = await problems(`automation:
  runbooks:
    - { name: r, argv: [echo, "{{ nope }}"] }
    - { name: r, argv: [echo], parameters: [{ name: p, pattern: "([a-z" }] }
`);
    expect(issues.map(([code, key, line]) => [code, key, line])).toEqual([
      ['VIGIL_ERR_CONFIG_INVALID', 'automation.runbooks[0].argv[1]', 3],
      ['VIGIL_ERR_CONFIG_INVALID', 'automation.runbooks[1].name', 4],
      ['VIGIL_ERR_CONFIG_INVALID', 'automation.runbooks[1].parameters[0].pattern', 4],
    ]);
    expect(issues[0]![3]).toContain('{{ nope }} is not a declared parameter of this runbook');
    expect(issues[1]![3]).toContain('"r" is already the name of automation.runbooks[0]');
  });

  it('never quotes a webhook header value in an error', async () => {
    const issues = await problems(
      'automation:\n  webhooks:\n    - { name: w, url: "https://h.example", headers: { authorization: 42 } }\n',
    );
    expect(issues.map(([, key]) => key)).toEqual(['automation.webhooks[0].headers.authorization']);
    expect(issues[0]![3]).not.toContain('42');
  });
});
