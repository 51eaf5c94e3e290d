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
    ['an unknown key', '  credentials: []\n  discover: []', 'discover'],
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

describe('snmp.targets hosts', () => {
  it('accepts IPv6 addresses and host names, refuses brackets and ports in host', async () => {
    const head = ['snmp:', '  credentials: [{ name: lab, version: 2c, community: x }]', '  targets:'];
    const config = await load(
      [
        ...head,
        '    - { host: "fd00::1", credential: lab }',
        '    - { host: sw1.example.net, credential: lab }',
      ].join('\n'),
    );
    expect(config.snmp!.targets.map((t) => t.host)).toEqual(['fd00::1', 'sw1.example.net']);
    for (const host of ['"[fd00::1]"', '"10.0.0.1:1161"', '"bad host"']) {
      const messages = await problems([...head, `    - { host: ${host}, credential: lab }`].join('\n'));
      expect(messages.join('\n')).toMatch(/write IPv6 without brackets/);
    }
  });
});

describe('snmp.discovery', () => {
  const head = [
    'snmp:',
    '  credentials:',
    '    - { name: lab, version: 2c, community: public }',
    '  discovery:',
  ];
  it('resolves sweeps with every or cron, lists of ranges and defaults', async () => {
    const config = await load(
      [
        ...head,
        '    - { range: 10.0.0.0/24, credentials: [lab], every: 6h }',
        '    - name: v6-lab',
        '      range: "fd00:10::/120, [::1]:1161  core-sw-1"',
        '      credentials: [lab]',
        '      cron: "0 2 * * *"',
        '      timezone: Europe/Berlin',
        '      crawl: true',
        '      concurrency: 16',
        '      timeout: 2s',
      ].join('\n'),
    );
    expect(config.snmp!.discovery).toEqual([
      {
        name: 'discovery-1',
        range: ['10.0.0.0/24'],
        credentials: ['lab'],
        schedule: { kind: 'every', everyMs: 21_600_000 },
        crawl: false,
        concurrency: 64,
        timeoutMs: 1000,
        retries: 1,
        maxRepetitions: 25,
      },
      {
        name: 'v6-lab',
        range: ['fd00:10::/120', '[::1]:1161', 'core-sw-1'],
        credentials: ['lab'],
        schedule: { kind: 'cron', cron: '0 2 * * *', timezone: 'Europe/Berlin' },
        crawl: true,
        concurrency: 16,
        timeoutMs: 2000,
        retries: 1,
        maxRepetitions: 25,
      },
    ]);
  });
  it.each([
    ['range: 10.0.0.0/8, credentials: [lab], every: 6h', /larger than \/16/],
    ['range: "fd00::/64", credentials: [lab], every: 6h', /IPv6 range larger than \/112/],
    ['range: "not a host!", credentials: [lab], every: 6h', /not an address or a host name/],
    ['range: 10.0.0.0/24, credentials: [nope], every: 6h', /no credential set is named nope/],
    ['range: 10.0.0.0/24, credentials: [lab]', /give either every .* or cron/],
    ['range: 10.0.0.0/24, credentials: [lab], every: 6h, cron: "0 2 * * *"', /give either every/],
    ['range: 10.0.0.0/24, credentials: [lab], every: 30s', /every must be at least 1m/],
    ['range: 10.0.0.0/24, credentials: [lab], every: soon', /must be a duration/],
    ['range: 10.0.0.0/24, credentials: [lab], cron: "61 2 * * *"', /cron "61 2 \* \* \*" is invalid/],
    ['range: 10.0.0.0/24, credentials: [lab], cron: "0 2 * *"', /must have five fields/],
    ['range: 10.0.0.0/24, credentials: [lab], cron: "0 2 * * *", timezone: Mars/Base', /not an IANA zone/],
    ['range: 10.0.0.0/24, credentials: [lab], every: 6h, extra: 1', /extra/],
    ['range: " , ", credentials: [lab], every: 6h', /names no address or range/],
    ['range: [10.0.0.1], credentials: [lab], every: 6h', /range/],
  ])('refuses { %s }', async (entry, why) => {
    const messages = await problems([...head, `    - { ${entry} }`].join('\n'));
    expect(messages.join('\n')).toMatch(why);
  });
  it('refuses two sweeps with the same name', async () => {
    const messages = await problems(
      [
        ...head,
        '    - { range: 10.0.0.1, credentials: [lab], every: 1h }',
        '    - { name: discovery-1, range: 10.0.0.2, credentials: [lab], every: 1h }',
      ].join('\n'),
    );
    expect(messages.join('\n')).toMatch(/sweep name discovery-1 is already used/);
  });
});
