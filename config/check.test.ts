// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from './check.js';
import { GOOD_TOKEN, memoryFiles } from './test-helpers.js';

const VIEWER = 'viewer-token-0123456789';

const readFile = memoryFiles({
  '/etc/vigil/good.yaml': [
    'server:',
    '  listen: "[::1]:9860"',
    '  tokens:',
    '    - { name: grafana, role: viewer, token: "${env:VIEWER}" }',
    `    - { name: ops, role: admin, token: ${GOOD_TOKEN} }`,
    `    - { name: desk, role: operator, token: ${GOOD_TOKEN}-2 }`,
    'rules: [builtin:host, ./rules/*.yaml]',
    '',
  ].join('\n'),
  '/etc/vigil/redis.yaml': 'store: { kind: redis, url: "redis://u:pw-in-file@db:6379" }\n',
  '/etc/vigil/bad.yaml': 'server:\n  lisen: 1.2.3.4:80\nhost:\n  interval: never\n',
});

describe('checkConfigFile', () => {
  it('summarizes a valid config without any secret', async () => {
    const result = await checkConfigFile('/etc/vigil/good.yaml', {
      env: { VIEWER },
      readFile,
      dataDir: '/data',
    });
    expect(result).toEqual({
      ok: true,
      errors: [],
      summary: {
        file: '/etc/vigil/good.yaml',
        listen: '[::1]:9860',
        store: { kind: 'sqlite', path: '/data/vigil.db' },
        tokens: { viewer: 1, operator: 1, admin: 1, agent: 0 },
        metricsAuth: false,
        host: { enabled: true, interval: '15s' },
        rules: ['builtin:host', '/etc/vigil/rules/*.yaml'],
        secrets: ['env:VIEWER'],
      },
    });
    const printed = JSON.stringify(result);
    expect(printed).not.toContain(VIEWER);
    expect(printed).not.toContain(GOOD_TOKEN);
  });

  it('masks the password of a Redis URL in the summary', async () => {
    const result = await checkConfigFile('/etc/vigil/redis.yaml', { env: {}, readFile });
    expect(result.summary?.store).toEqual({
      kind: 'redis',
      url: 'redis://u:<secret inline>@db:6379',
      keyPrefix: 'vigil',
    });
  });

  it('lists every problem with code, file, line, column and key', async () => {
    const result = await checkConfigFile('/etc/vigil/bad.yaml', { env: {}, readFile });
    expect(result.ok).toBe(false);
    expect(result.summary).toBeNull();
    expect(result.errors).toEqual([
      {
        code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
        message:
          '/etc/vigil/bad.yaml:2:3: unknown key "server.lisen" (did you mean "listen"?); remove it or fix its spelling.',
        file: '/etc/vigil/bad.yaml',
        line: 2,
        column: 3,
        key: 'server.lisen',
      },
      expect.objectContaining({
        code: 'VIGIL_ERR_CONFIG_INVALID',
        line: 4,
        column: 13,
        key: 'host.interval',
      }),
    ]);
  });

  it('reports a missing file as one error without a position', async () => {
    const result = await checkConfigFile('/etc/vigil/none.yaml', { env: {}, readFile });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          code: 'VIGIL_ERR_CONFIG_NOT_FOUND',
          message: 'Config file /etc/vigil/none.yaml cannot be read: no such file.',
          file: '/etc/vigil/none.yaml',
          line: null,
          column: null,
          key: null,
        },
      ],
      summary: null,
    });
  });

  it('reports a file that cannot be read with the reason', async () => {
    const broken = async () => {
      throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    };
    const result = await checkConfigFile('/x.yaml', { env: {}, readFile: broken });
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: 'VIGIL_ERR_CONFIG_NOT_FOUND',
        message: 'Config file /x.yaml cannot be read: EACCES.',
      }),
    ]);
  });
});
