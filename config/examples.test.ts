// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_DOWN_MATCHERS } from '../correlator/suppression/topology.js';
import { type ConfigPath, formatKey } from './config-path.js';
import { loadConfigFile } from './load.js';
import { UNSUPPORTED_SECTIONS } from './schema.js';
import { schemaKeys } from './schema-keys.js';
import { memoryFiles } from './test-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, 'examples');

/** What the examples reference: the environment variables and mounted secret files they name. */
const env = {
  VIGIL_VIEWER_TOKEN: 'viewer-0123456789abcdef',
  VIGIL_AGENT_TOKEN: 'agent-0123456789abcdef',
  VIGIL_OPS_TOKEN: 'ops-0123456789abcdef',
  REDIS_PASSWORD: 'redis-password',
  SNMP_COMMUNITY: 'lab-community',
  VIGIL_SSH_PASSPHRASE: 'ssh-key-passphrase',
  VIGIL_SSH_PASSWORD: 'ssh-password',
  SSH_AUTH_SOCK: '/run/user/0/ssh-agent.sock',
  VIGIL_HOOK_TOKEN: 'hook-0123456789abcdef',
  PAGERDUTY_ROUTING_KEY: 'R0UTING0123456789abcdef',
};
const secretFiles = memoryFiles({
  '/run/secrets/vigil-operator-token': 'operator-0123456789abcdef\n',
  '/run/secrets/vigil-prometheus-token': 'prometheus-0123456789abcdef\n',
  '/run/secrets/snmp-auth': 'snmp-auth-key-1\n',
  '/run/secrets/snmp-priv': 'snmp-priv-key-1\n',
  '/run/secrets/vigil-ssh-key':
    '-----BEGIN OPENSSH PRIVATE KEY-----\n(test)\n-----END OPENSSH PRIVATE KEY-----\n',
});
const readFile = async (path: string) =>
  path.startsWith('/run/secrets/') ? secretFiles(path) : readFileSync(path, 'utf8');

const read = (name: string) => readFileSync(join(examples, name), 'utf8');

/** Every key written in a YAML document, as the schema names them (`server.tokens[].name`). */
function writtenKeys(value: unknown, path: ConfigPath = [], keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value)
      if (item !== null && typeof item === 'object') writtenKeys(item, [...path, 0], keys);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      keys.add(formatKey([...path, key]).replace(/\[0\]/g, '[]'));
      writtenKeys(child, [...path, key], keys);
    }
  }
  return keys;
}

describe('config/examples', () => {
  const files = readdirSync(examples).filter((name) => name.endsWith('.yaml'));

  it('ships minimal, full and redis examples', () => {
    expect(files.sort()).toEqual(['full.yaml', 'minimal.yaml', 'redis.yaml']);
  });

  it.each(files)('%s loads as shipped', async (name) => {
    const config = await loadConfigFile(join(examples, name), { env, readFile, dataDir: '/data' });
    expect(config.source.file).toBe(join(examples, name));
  });

  it('full.yaml sets every key it documents to its value', async () => {
    const config = await loadConfigFile(join(examples, 'full.yaml'), { env, readFile });
    expect(config.server.tokens.map((token) => token.role)).toEqual(['viewer', 'operator', 'agent']);
    expect(config.store).toMatchObject({ kind: 'sqlite', path: '/var/lib/vigil/vigil.db' });
    expect(config.incidents.assignment.map((rule) => rule.group)).toEqual(['network-admins', 'security']);
    expect(config.suppression.maintenance.map((w) => w.schedule)).toEqual([
      { kind: 'recurring', cron: '0 22 * * 6', durationMs: 7_200_000, timezone: 'Europe/Berlin' },
      {
        kind: 'once',
        startsAt: Date.parse('2026-03-01T02:00:00Z'),
        endsAt: Date.parse('2026-03-01T04:00:00Z'),
      },
    ]);
    expect(config.suppression.topology).toEqual({ waitMs: 30_000, down: DEFAULT_DOWN_MATCHERS, maxDepth: 4 });
    expect(config.suppression.inhibit[0]).toEqual({
      name: 'host-down-mutes-host',
      source: ['check="host.down"'],
      target: ['check!="host.down"'],
      equal: ['resource'],
    });
    expect(config.notify.receivers.map((r) => [r.name, r.kind, r.url])).toEqual([
      ['ops-webhook', 'webhook', 'https://hooks.example.com/vigil'],
      ['pagerduty', 'pagerduty', 'https://events.pagerduty.com/v2/enqueue'],
    ]);
    expect(config.notify.receivers[0]?.headers).toEqual({ Authorization: 'Bearer hook-0123456789abcdef' });
    expect(config.notify.routes.map((r) => r.receivers)).toEqual([
      ['pagerduty', 'ops-webhook'],
      ['ops-webhook'],
    ]);
    expect(config.notify.delivery).toEqual({
      initialBackoffMs: 10_000,
      maxBackoffMs: 600_000,
      maxAgeMs: 86_400_000,
      concurrency: 4,
    });
  });

  it('redis.yaml resolves its password into the URL', async () => {
    const config = await loadConfigFile(join(examples, 'redis.yaml'), { env, readFile });
    expect(config.store).toMatchObject({
      kind: 'redis',
      url: 'redis://vigil:redis-password@redis.internal:6379/0',
      keyPrefix: 'vigil-prod',
    });
  });

  it('full.yaml and redis.yaml between them write every key of the schema', () => {
    const written = new Set([
      ...writtenKeys(parse(read('full.yaml'))),
      ...writtenKeys(parse(read('redis.yaml'))),
    ]);
    expect(schemaKeys().filter((key) => !written.has(key))).toEqual([]);
  });

  it('full.yaml explains every key in a comment on or just above its line', () => {
    const lines = read('full.yaml').split('\n');
    const unexplained = lines.filter((line, index) => {
      if (!/^\s*(- )?[A-Za-z]+:(\s|$)/.test(line)) return false;
      return !line.includes('#') && !/^\s*#/.test(lines[index - 1] ?? '');
    });
    expect(unexplained).toEqual([]);
  });
});

describe('config/README.md', () => {
  const readme = readFileSync(join(here, 'README.md'), 'utf8');

  it('documents every section and every setting of the schema', () => {
    const keys = schemaKeys();
    const settings = keys.filter((key) => !keys.some((other) => other.startsWith(`${key}.`)));
    const sections = keys.filter((key) => !key.includes('.'));
    const documented = [...new Set([...sections, ...settings])];
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
  });

  it('documents every unsupported section', () => {
    for (const section of UNSUPPORTED_SECTIONS) {
      expect(readme).toContain(`\`${section}\``);
    }
  });
});
