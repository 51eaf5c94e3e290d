// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { describe, expect, it } from 'vitest';
import { ENV_ADMIN_TOKEN_NAME, resolveRuntimeConfig } from './overrides.js';
import { redactSecrets } from './redact.js';
import { GOOD_TOKEN, memoryFiles } from './test-helpers.js';

const ADMIN = 'admin-token-from-env-0123';
const files = memoryFiles({
  '/etc/vigil/vigil.yaml': `server:\n  listen: 127.0.0.1:9000\n  logLevel: warn\n  tokens:\n    - { name: ops, role: operator, token: ${GOOD_TOKEN} }\n`,
});

describe('resolveRuntimeConfig', () => {
  it('runs on defaults without a config file, data in ./var', async () => {
    const { config, dataDir } = await resolveRuntimeConfig({ env: {}, cwd: '/srv/app' });
    expect(dataDir).toBe('/srv/app/var');
    expect(config.store).toMatchObject({ kind: 'sqlite', path: '/srv/app/var/vigil.db' });
    expect(config.server.tokens).toEqual([]);
    expect(config.source.file).toBeNull();
  });

  it('puts the flags on top of the config file', async () => {
    const { config, dataDir } = await resolveRuntimeConfig({
      configPath: '/etc/vigil/vigil.yaml',
      flags: { listen: '[::]:8443', dataDir: 'state', logLevel: 'debug' },
      env: {},
      cwd: '/srv/app',
      readFile: files,
    });
    expect(dataDir).toBe('/srv/app/state');
    expect(config.server.listen).toEqual({ host: '::', port: 8443 });
    expect(config.server.logLevel).toBe('debug');
    expect(config.store).toMatchObject({ path: '/srv/app/state/vigil.db' });
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('keeps the file values a flag does not override', async () => {
    const { config } = await resolveRuntimeConfig({
      configPath: '/etc/vigil/vigil.yaml',
      env: {},
      readFile: files,
    });
    expect(config.server.listen).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.server.logLevel).toBe('warn');
  });

  it('adds VIGIL_ADMIN_TOKEN as the admin token env-admin, redacted like any secret', async () => {
    const { config } = await resolveRuntimeConfig({
      configPath: '/etc/vigil/vigil.yaml',
      env: { VIGIL_ADMIN_TOKEN: ADMIN },
      readFile: files,
    });
    expect(config.server.tokens.map((token) => [token.name, token.role])).toEqual([
      ['ops', 'operator'],
      [ENV_ADMIN_TOKEN_NAME, 'admin'],
    ]);
    expect(config.server.tokens[1]?.token).toBe(ADMIN);
    expect(redactSecrets(config).server.tokens[1]?.token).toBe('<secret from env:VIGIL_ADMIN_TOKEN>');
    expect(JSON.stringify(redactSecrets(config))).not.toContain(ADMIN);
  });

  it('ignores an empty VIGIL_ADMIN_TOKEN', async () => {
    const { config } = await resolveRuntimeConfig({ env: { VIGIL_ADMIN_TOKEN: '' } });
    expect(config.server.tokens).toEqual([]);
  });

  it.each([
    [{ VIGIL_ADMIN_TOKEN: 'short' }, 'at least 16 characters'],
    [{ VIGIL_ADMIN_TOKEN: GOOD_TOKEN }, 'same secret as the config\'s token "ops"'],
  ])('rejects a VIGIL_ADMIN_TOKEN that is unsafe (%#)', async (env, reason) => {
    const attempt = resolveRuntimeConfig({ configPath: '/etc/vigil/vigil.yaml', env, readFile: files });
    await expect(attempt).rejects.toMatchObject({ code: 'VIGIL_ERR_OVERRIDE_INVALID' });
    await expect(attempt).rejects.toThrow(reason);
    await expect(attempt).rejects.not.toThrow(env.VIGIL_ADMIN_TOKEN);
  });

  it('rejects VIGIL_ADMIN_TOKEN when the config already names a token env-admin', async () => {
    const readFile = memoryFiles({
      '/c.yaml': `server: { tokens: [{ name: env-admin, role: viewer, token: ${GOOD_TOKEN} }] }\n`,
    });
    await expect(
      resolveRuntimeConfig({ configPath: '/c.yaml', env: { VIGIL_ADMIN_TOKEN: ADMIN }, readFile }),
    ).rejects.toThrow('already has a token named "env-admin"');
  });

  it('rejects bad flags with a code that names the flag', async () => {
    await expect(resolveRuntimeConfig({ flags: { listen: 'nowhere' }, env: {} })).rejects.toMatchObject({
      code: 'VIGIL_ERR_LISTEN_INVALID',
      message: 'Listen address "nowhere" is invalid; use HOST:PORT.',
    });
    await expect(resolveRuntimeConfig({ flags: { logLevel: 'debugg' }, env: {} })).rejects.toMatchObject({
      code: 'VIGIL_ERR_OVERRIDE_INVALID',
      message: expect.stringContaining('--log-level "debugg" is invalid: use one of trace, debug'),
    });
    await expect(resolveRuntimeConfig({ flags: { logLevel: 'debugg' }, env: {} })).rejects.toThrow(
      '(did you mean "debug"?)',
    );
    await expect(resolveRuntimeConfig({ flags: { dataDir: ' ' }, env: {} })).rejects.toMatchObject({
      code: 'VIGIL_ERR_OVERRIDE_INVALID',
    });
  });

  it('passes config errors through', async () => {
    await expect(
      resolveRuntimeConfig({ configPath: '/missing.yaml', env: {}, readFile: memoryFiles({}) }),
    ).rejects.toMatchObject({ code: 'VIGIL_ERR_CONFIG_NOT_FOUND' });
  });
});
