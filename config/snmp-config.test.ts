// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-snmp-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(text: string, env: Record<string, string> = {}) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadConfigFile(file, { env, dataDir: dir });
}
const problems = async (text: string) => {
  try {
    await load(text);
    return [];
  } catch (error) {
    return ((error as { details?: Array<{ message: string }> }).details ?? [{ message: String(error) }]).map(
      (d) => d.message,
    );
  }
};

describe('snmp config section', () => {
  it('resolves credentials with secret references, targets and traps with defaults', async () => {
    const config = await load(
      [
        'snmp:',
        '  credentials:',
        '    - { name: lab, version: 2c, community: "${env:SNMP_COMMUNITY}" }',
        '    - { name: core, version: "3", user: monitor, authProtocol: sha256, authKey: "${env:AUTH}", privKey: "${env:PRIV}" }',
        '  targets:',
        '    - { host: 10.0.0.1, credential: core }',
        '  traps: { listen: 127.0.0.1:1162, credentials: [lab, core], engineID: "0x8000B98380AABBCCDDEEFF0011" }',
      ].join('\n'),
      { SNMP_COMMUNITY: 'c0mmunity', AUTH: 'authpass123', PRIV: 'privpass123' },
    );
    expect(config.snmp!.credentials).toEqual([
      { name: 'lab', version: '2c', community: 'c0mmunity' },
      {
        name: 'core',
        version: '3',
        user: 'monitor',
        authProtocol: 'sha256',
        authKey: 'authpass123',
        privKey: 'privpass123',
      },
    ]);
    expect(config.snmp!.targets[0]).toMatchObject({
      port: 161,
      intervalMs: 60_000,
      timeoutMs: 2000,
      retries: 1,
      maxRepetitions: 25,
    });
    expect(config.snmp!.traps).toEqual({
      listen: { host: '127.0.0.1', port: 1162 },
      credentials: ['lab', 'core'],
      engineID: '8000B98380AABBCCDDEEFF0011',
    });
    expect(config.snmp!.inventoryIntervalMs).toBe(3_600_000);
  });

  it('no snmp section leaves the config without one', async () => {
    expect((await load('host: { enabled: true }\n')).snmp).toBeUndefined();
  });

  it.each([
    ['a v2c set without community', '  credentials: [{ name: a, version: 2c }]', 'needs a community'],
    [
      'a v3 set with a community',
      '  credentials: [{ name: a, version: "3", user: u, community: x }]',
      'has a user, not a community',
    ],
    [
      'privKey without authKey',
      '  credentials: [{ name: a, version: "3", user: u, privKey: longenough1 }]',
      'needs an authKey',
    ],
    [
      'duplicate names',
      '  credentials: [{ name: a, version: 2c, community: x }, { name: a, version: 2c, community: y }]',
      'already used',
    ],
    [
      'an unknown trap credential',
      '  credentials: []\n  traps: { listen: 0.0.0.0:1162, credentials: [nope] }',
      'no credential set is named nope',
    ],
    [
      'an unknown auth protocol',
      '  credentials: [{ name: a, version: "3", user: u, authProtocol: sha999, authKey: longenough1 }]',
      'authProtocol',
    ],
    ['an unknown key', '  credentials: []\n  discovery: []', 'discovery'],
    [
      'a 0s interval',
      '  credentials: [{ name: a, version: 2c, community: x }]\n  targets: [{ host: h, credential: a, interval: 0s }]',
      'at least 1s',
    ],
  ])('rejects %s', async (_what, body, says) => {
    const messages = await problems(`snmp:\n${body}\n`);
    expect(messages.join('\n')).toContain(says);
  });

  it('never prints a literal community in an error', async () => {
    const messages = await problems('snmp:\n  credentials: [{ name: a, version: 2c, community: 12345 }]\n');
    expect(messages.join('\n')).not.toContain('12345');
  });
});
