// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { describe, expect, it } from 'vitest';
import { loadConfigText } from './load.js';
import { INLINE_SECRET, redactSecrets, secretKeys } from './redact.js';
import { SECRET_KEY_PATTERNS } from './secret-keys.js';
import { GOOD_TOKEN, memoryFiles } from './test-helpers.js';

const ENV_TOKEN = 'env-token-value-0123456789';
const FILE_TOKEN = 'file-token-value-0123456789';
const REDIS_PW = 'redis-password-value';

const TEXT = `
server:
  tokens:
    - { name: from-env, role: viewer, token: "\${env:VIEWER}" }
    - { name: from-file, role: operator, token: "\${file:/run/secrets/op}" }
    - { name: inline, role: admin, token: ${GOOD_TOKEN} }
store:
  kind: redis
  url: "redis://vigil:\${env:REDIS_PW}@db:6379"
`;

async function load(text = TEXT) {
  return loadConfigText(text, '/etc/vigil/vigil.yaml', {
    env: { VIEWER: ENV_TOKEN, REDIS_PW },
    readFile: memoryFiles({ '/run/secrets/op': FILE_TOKEN }),
  });
}

describe('redactSecrets', () => {
  it('replaces every secret by where it came from', async () => {
    const redacted = redactSecrets(await load());
    expect(redacted.server.tokens.map((token) => token.token)).toEqual([
      '<secret from env:VIEWER>',
      '<secret from file:/run/secrets/op>',
      INLINE_SECRET,
    ]);
    expect(redacted.store).toMatchObject({ url: 'redis://vigil:<secret from env:REDIS_PW>@db:6379' });
  });

  it('leaves no secret value anywhere in the printed config', async () => {
    const printed = JSON.stringify(redactSecrets(await load()));
    for (const secret of [ENV_TOKEN, FILE_TOKEN, GOOD_TOKEN, REDIS_PW]) expect(printed).not.toContain(secret);
    expect(printed).toContain('from-env');
  });

  it('masks a password written literally in a Redis URL', async () => {
    const config = await load('store: { kind: redis, url: "redis://user:hunter2@db:6379/1" }\n');
    expect(redactSecrets(config).store).toMatchObject({ url: `redis://user:${INLINE_SECRET}@db:6379/1` });
    const plain = await load('store: { kind: redis, url: "redis://db:6379" }\n');
    expect(redactSecrets(plain).store).toMatchObject({ url: 'redis://db:6379' });
  });

  it('does not change the config it is given', async () => {
    const config = await load();
    redactSecrets(config);
    expect(config.server.tokens[0]?.token).toBe(ENV_TOKEN);
  });
});

describe('secretKeys', () => {
  it('lists every secret-bearing key of a config', async () => {
    expect(secretKeys(await load()).sort()).toEqual([
      'server.tokens[0].token',
      'server.tokens[1].token',
      'server.tokens[2].token',
      'store.url',
    ]);
  });

  it('offers the same keys as pino redaction patterns', () => {
    expect(SECRET_KEY_PATTERNS).toEqual([
      'server.tokens[*].token',
      'store.url',
      'automation.webhooks[*].headers.*',
      'snmp.credentials[*].community',
      'snmp.credentials[*].authKey',
      'snmp.credentials[*].privKey',
      'agent.token',
      'ssh.credentials[*].privateKey',
      'ssh.credentials[*].passphrase',
      'ssh.credentials[*].password',
      'notify.receivers[*].headers.*',
      'notify.receivers[*].routingKey',
    ]);
  });

  it('treats notify headers and PagerDuty routing keys as secrets', async () => {
    const config = await load(
      'notify:\n  receivers:\n    - { name: h, kind: webhook, url: "https://hooks.example/x", headers: { authorization: "Bearer literal-hook-secret" } }\n    - { name: pd, kind: pagerduty, routingKey: "literal-routing-key" }\n',
    );
    expect(secretKeys(config).sort()).toEqual([
      'notify.receivers[0].headers.authorization',
      'notify.receivers[1].routingKey',
    ]);
    const printed = JSON.stringify(redactSecrets(config));
    expect(printed).not.toContain('literal-hook-secret');
    expect(printed).not.toContain('literal-routing-key');
  });

  it('treats webhook headers as secrets: listed, and redacted whether written literally or referenced', async () => {
    const config = await load(
      'automation:\n  webhooks:\n    - { name: t, url: "https://hooks.example/x", headers: { authorization: "Bearer literal-secret", x-key: "${env:VIEWER}" } }\n',
    );
    expect(secretKeys(config).sort()).toEqual([
      'automation.webhooks[0].headers.authorization',
      'automation.webhooks[0].headers.x-key',
    ]);
    const printed = JSON.stringify(redactSecrets(config));
    expect(printed).not.toContain('literal-secret');
    expect(printed).not.toContain(ENV_TOKEN);
    expect(redactSecrets(config).automation.webhooks[0]!.headers).toEqual({
      authorization: INLINE_SECRET,
      'x-key': '<secret from env:VIEWER>',
    });
  });
});
