// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { describe, expect, it } from 'vitest';
import { ConfigError } from './issues.js';
import { loadConfigText } from './load.js';
import { GOOD_TOKEN, memoryFiles } from './test-helpers.js';

const FILE = '/etc/vigil/vigil.yaml';

function tokenConfig(token: string): string {
  return `server:\n  tokens:\n    - name: t\n      role: admin\n      token: "${token}"\n`;
}

async function problems(text: string, options: Parameters<typeof loadConfigText>[2]) {
  try {
    await loadConfigText(text, FILE, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.details;
    throw error;
  }
  throw new Error('the config loaded');
}

describe('secret references', () => {
  it('resolves ${env:NAME} as a whole value', async () => {
    const config = await loadConfigText(tokenConfig('${env:ADMIN_TOKEN}'), FILE, {
      env: { ADMIN_TOKEN: GOOD_TOKEN },
    });
    expect(config.server.tokens[0]?.token).toBe(GOOD_TOKEN);
    expect(config.source.secrets).toEqual([
      {
        key: 'server.tokens[0].token',
        path: ['server', 'tokens', 0, 'token'],
        template: '${env:ADMIN_TOKEN}',
        refs: ['env:ADMIN_TOKEN'],
      },
    ]);
  });

  it('resolves ${file:path} relative to the config file and drops one trailing newline', async () => {
    const readFile = memoryFiles({ '/etc/vigil/secrets/admin': `${GOOD_TOKEN}\n` });
    const config = await loadConfigText(tokenConfig('${file:secrets/admin}'), FILE, { env: {}, readFile });
    expect(config.server.tokens[0]?.token).toBe(GOOD_TOKEN);
  });

  it('drops only one trailing newline (CRLF too) from a file', async () => {
    const readFile = memoryFiles({ '/s/a': `${GOOD_TOKEN}\n\n`, '/s/b': `${GOOD_TOKEN}\r\n` });
    const a = await loadConfigText(tokenConfig('${file:/s/a}'), FILE, { env: {}, readFile });
    const b = await loadConfigText(tokenConfig('${file:/s/b}'), FILE, { env: {}, readFile });
    expect(a.server.tokens[0]?.token).toBe(`${GOOD_TOKEN}\n`);
    expect(b.server.tokens[0]?.token).toBe(GOOD_TOKEN);
  });

  it('resolves references embedded in a longer string', async () => {
    const text = 'store:\n  kind: redis\n  url: redis://vigil:${env:REDIS_PW}@${env:REDIS_HOST}:6379\n';
    const config = await loadConfigText(text, FILE, { env: { REDIS_PW: 'pw', REDIS_HOST: 'db.internal' } });
    expect(config.store).toMatchObject({ url: 'redis://vigil:pw@db.internal:6379' });
    expect(config.source.secrets[0]?.refs).toEqual(['env:REDIS_PW', 'env:REDIS_HOST']);
  });

  it('keeps $${ as a literal ${', async () => {
    const config = await loadConfigText(tokenConfig('$${not-a-ref}-1234567890'), FILE, { env: {} });
    expect(config.server.tokens[0]?.token).toBe('${not-a-ref}-1234567890');
    expect(config.source.secrets).toEqual([]);
  });

  it('validates an unescaped literal as the value it becomes', async () => {
    const [issue] = await problems(tokenConfig('$${ab}-12345678'), { env: {} });
    expect(issue).toMatchObject({ key: 'server.tokens[0].token' });
    expect(issue?.message).toContain('at least 16 characters');
  });

  it('validates a referenced value after resolving it, without quoting it', async () => {
    const [issue] = await problems('server: { listen: "${env:LISTEN}" }\n', {
      env: { LISTEN: 'secret-host:99999' },
    });
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_INVALID', key: 'server.listen', line: 1 });
    expect(issue?.message).not.toContain('secret-host');
    const config = await loadConfigText('server: { listen: "${env:LISTEN}" }\n', FILE, {
      env: { LISTEN: '0.0.0.0:80' },
    });
    expect(config.server.listen).toEqual({ host: '0.0.0.0', port: 80 });
  });

  it('rejects a referenced redis URL that is not one, without quoting it', async () => {
    const [issue] = await problems('store: { kind: redis, url: "${env:URL}" }\n', {
      env: { URL: 'http://user:topsecret@db' },
    });
    expect(issue).toMatchObject({ key: 'store.url' });
    expect(issue?.message).toContain('must be a redis:// or rediss:// URL');
    expect(issue?.message).not.toContain('topsecret');
  });

  it('fills the defaults of a store kind that comes from a reference', async () => {
    const config = await loadConfigText('store: { kind: "${env:KIND}" }\n', FILE, { env: { KIND: 'redis' } });
    expect(config.store).toMatchObject({ kind: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: 'vigil' });
  });

  it('rejects a store kind from a reference that names no store', async () => {
    const [issue] = await problems('store: { kind: "${env:KIND}" }\n', { env: { KIND: 'mongodb' } });
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_INVALID', key: 'store.kind' });
    expect(issue?.message).not.toContain('mongodb');
  });

  it('checks token length after resolution', async () => {
    const [issue] = await problems(tokenConfig('${env:T}'), { env: { T: 'abc' } });
    expect(issue).toMatchObject({ key: 'server.tokens[0].token', line: 5 });
    expect(issue?.message).toContain('at least 16 characters long after secret resolution');
  });

  it('reports every unresolved reference with file, line, column and key', async () => {
    const text = [
      'server:',
      '  tokens:',
      '    - { name: a, role: viewer, token: "${env:MISSING_A}" }',
      '    - { name: b, role: viewer, token: "${file:/nope/b}" }',
      '    - { name: c, role: viewer, token: "${env:EMPTY}" }',
      '',
    ].join('\n');
    const issues = await problems(text, { env: { EMPTY: '' }, readFile: memoryFiles({}) });
    expect(issues.map((issue) => [issue.code, issue.line, issue.column, issue.key])).toEqual([
      ['VIGIL_ERR_SECRET_UNRESOLVED', 3, 39, 'server.tokens[0].token'],
      ['VIGIL_ERR_SECRET_UNRESOLVED', 4, 39, 'server.tokens[1].token'],
      ['VIGIL_ERR_SECRET_UNRESOLVED', 5, 39, 'server.tokens[2].token'],
    ]);
    expect(issues[0]?.message).toBe(
      '/etc/vigil/vigil.yaml:3:39: server.tokens[0].token: secret reference ${env:MISSING_A} cannot be resolved: environment variable MISSING_A is not set.',
    );
    expect(issues[1]?.message).toContain('file /nope/b cannot be read (ENOENT)');
    expect(issues[2]?.message).toContain('environment variable EMPTY is empty');
  });

  it('rejects an empty secret file', async () => {
    const [issue] = await problems(tokenConfig('${file:/s/empty}'), {
      env: {},
      readFile: memoryFiles({ '/s/empty': '\n' }),
    });
    expect(issue?.message).toContain('file /s/empty is empty');
  });

  it('rejects a shell-style reference instead of taking it literally', async () => {
    const [issue] = await problems(tokenConfig('${VIGIL_TOKEN_LONG_ENOUGH}'), { env: {} });
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_INVALID', key: 'server.tokens[0].token' });
    expect(issue?.message).toContain('write ${env:NAME} or ${file:/path}');
  });

  it('still checks token names when a token secret is missing', async () => {
    const text = [
      'server:',
      '  tokens:',
      '    - { name: a, role: viewer, token: "${env:MISSING}" }',
      '    - { name: a, role: viewer, token: "${env:ALSO_MISSING}" }',
      '',
    ].join('\n');
    const issues = await problems(text, { env: {} });
    expect(issues.map((issue) => [issue.code, issue.key])).toEqual([
      ['VIGIL_ERR_SECRET_UNRESOLVED', 'server.tokens[0].token'],
      ['VIGIL_ERR_CONFIG_INVALID', 'server.tokens[1].name'],
      ['VIGIL_ERR_SECRET_UNRESOLVED', 'server.tokens[1].token'],
    ]);
  });

  it('reports secret problems together with schema problems', async () => {
    const issues = await problems(`${tokenConfig('${env:NOPE}')}host: { interval: soon }\n`, { env: {} });
    expect(issues.map((issue) => issue.code)).toEqual([
      'VIGIL_ERR_SECRET_UNRESOLVED',
      'VIGIL_ERR_CONFIG_INVALID',
    ]);
  });
});
