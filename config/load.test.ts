// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTS,
} from '../collector/host/probe-options.js';
import { ConfigError } from './issues.js';
import { loadConfigFile, loadConfigText, loadDefaultConfig } from './load.js';
import { MAX_CONFIG_BYTES } from './read-file.js';
import { GOOD_TOKEN, memoryFiles } from './test-helpers.js';

const opts = { env: {}, cwd: '/srv/app' };

async function problems(text: string, env: Record<string, string> = {}) {
  try {
    await loadConfigText(text, '/etc/vigil/vigil.yaml', { ...opts, env });
  } catch (error) {
    if (error instanceof ConfigError) return error.details;
    throw error;
  }
  throw new Error('the config loaded');
}

describe('loadConfigText defaults', () => {
  it('gives every documented default for an empty file', async () => {
    const config = await loadConfigText('', '/etc/vigil/vigil.yaml', opts);
    expect(config.server).toEqual({
      listen: { host: '127.0.0.1', port: 9860 },
      tokens: [],
      metricsAuth: false,
      limits: { bodyBytes: 10_485_760, batchEvents: 5000 },
      logLevel: 'info',
    });
    expect(config.store).toEqual({
      kind: 'sqlite',
      path: '/srv/app/var/vigil.db',
      synchronous: 'full',
      eventRetentionMs: 7 * 86_400_000,
      cache: { alerts: 20_000, incidents: 10_000 },
    });
    expect(config.host).toMatchObject({
      enabled: true,
      intervalMs: 15_000,
      slowIntervalMs: 60_000,
      inventoryIntervalMs: 3_600_000,
      name: null,
    });
    expect(config.host.filesystems).toEqual({
      include: ['*'],
      exclude: [...DEFAULT_EXCLUDED_MOUNTS],
      excludeTypes: [...DEFAULT_EXCLUDED_FS_TYPES],
    });
    expect(config.host.interfaces).toEqual({ include: ['*'], exclude: [...DEFAULT_EXCLUDED_INTERFACES] });
    expect(config.rules).toEqual([{ kind: 'builtin', name: 'host', spec: 'builtin:host' }]);
    expect(config.incidents).toEqual({
      reopenWindowMs: 3_600_000,
      holdDownMs: 0,
      minSeverity: 'warning',
      urgencyBySeverity: { critical: 'urgent', major: 'high', minor: 'medium', warning: 'low' },
      impactThresholds: { global: 10, department: 3 },
      priorityMatrix: {
        global: ['P1', 'P2', 'P3', 'P4'],
        department: ['P2', 'P3', 'P4', 'P5'],
        local: ['P3', 'P4', 'P5', 'P5'],
      },
      assignment: [],
      defaultGroup: 'service-desk',
      escalation: {
        responseMs: {
          P1: 15 * 60_000,
          P2: 30 * 60_000,
          P3: 2 * 3_600_000,
          P4: 8 * 3_600_000,
          P5: 24 * 3_600_000,
        },
        resolutionMs: {
          P1: 4 * 3_600_000,
          P2: 8 * 3_600_000,
          P3: 24 * 3_600_000,
          P4: 72 * 3_600_000,
          P5: 7 * 24 * 3_600_000,
        },
        levels: [],
      },
      problems: { recurrenceCount: 3, recurrenceWindowMs: 24 * 3_600_000 },
    });
    expect(config.source).toEqual({ file: '/etc/vigil/vigil.yaml', baseDir: '/etc/vigil', secrets: [] });
  });

  it('treats a comment-only file and empty sections as defaults', async () => {
    const commented = await loadConfigText('# nothing yet\n', 'vigil.yaml', opts);
    const empty = await loadConfigText(
      'server:\nhost:\nincidents:\n  urgencyBySeverity:\n',
      'vigil.yaml',
      opts,
    );
    expect(commented.server.listen.port).toBe(9860);
    expect(empty.host.intervalMs).toBe(15_000);
    expect(empty.incidents.urgencyBySeverity.critical).toBe('urgent');
  });

  it('fills the defaults a partial section leaves out', async () => {
    const config = await loadConfigText(
      'incidents:\n  urgencyBySeverity: { warning: medium }\n  priorityMatrix: { local: [P4, P4, P5, P5] }\n',
      'vigil.yaml',
      opts,
    );
    expect(config.incidents.urgencyBySeverity).toEqual({
      critical: 'urgent',
      major: 'high',
      minor: 'medium',
      warning: 'medium',
    });
    expect(config.incidents.priorityMatrix.local).toEqual(['P4', 'P4', 'P5', 'P5']);
    expect(config.incidents.priorityMatrix.global).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('fills the redis defaults when kind is redis', async () => {
    const config = await loadConfigText('store: { kind: redis }\n', 'vigil.yaml', opts);
    expect(config.store).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'vigil',
      eventRetentionMs: 604_800_000,
      idempotencyWindowMs: 86_400_000,
      stream: { maxLength: 1_000_000, batch: 200, claimIdleMs: 30_000 },
      lease: { ttlMs: 15_000, renewEveryMs: 5_000 },
    });
  });

  it('rejects a lease renewed less often than twice per lease time, at the key', async () => {
    const [issue, ...rest] = await problems('store:\n  kind: redis\n  lease: { ttl: 10s, renewEvery: 6s }\n');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_INVALID', key: 'store.lease.renewEvery', line: 3 });
    expect(issue?.message).toContain('at most half of store.lease.ttl (10s)');
  });

  it('runs on defaults with no file, relative to the working directory', async () => {
    const config = await loadDefaultConfig({ env: {}, cwd: '/srv/app', dataDir: '/data' });
    expect(config.source).toEqual({ file: null, baseDir: '/srv/app', secrets: [] });
    expect(config.store).toMatchObject({ path: '/data/vigil.db' });
  });
});

describe('loadConfigText conversion', () => {
  it('converts durations to milliseconds and parses the listen address', async () => {
    const config = await loadConfigText(
      [
        'server: { listen: "[::1]:8080" }',
        'host: { interval: 1m30s, slowInterval: 5m, inventoryInterval: 1d, name: web-01 }',
        'incidents: { reopenWindow: 0s, holdDown: 500ms }',
      ].join('\n'),
      'vigil.yaml',
      opts,
    );
    expect(config.server.listen).toEqual({ host: '::1', port: 8080 });
    expect(config.host).toMatchObject({ intervalMs: 90_000, slowIntervalMs: 300_000, name: 'web-01' });
    expect(config.host.inventoryIntervalMs).toBe(86_400_000);
    expect(config.incidents).toMatchObject({ reopenWindowMs: 0, holdDownMs: 500 });
  });

  it('resolves store.path and rules against the config file directory', async () => {
    const config = await loadConfigText(
      'store: { path: ./state/vigil.db }\nrules: [builtin:host, ./rules/*.yaml, /opt/rules/x.yaml]\n',
      'conf/vigil.yaml',
      { ...opts, dataDir: '/ignored' },
    );
    expect(config.store).toMatchObject({ path: '/srv/app/conf/state/vigil.db' });
    expect(config.rules).toEqual([
      { kind: 'builtin', name: 'host', spec: 'builtin:host' },
      { kind: 'file', pattern: '/srv/app/conf/rules/*.yaml', spec: './rules/*.yaml' },
      { kind: 'file', pattern: '/opt/rules/x.yaml', spec: '/opt/rules/x.yaml' },
    ]);
  });

  it('keeps an in-memory SQLite path as it is', async () => {
    const config = await loadConfigText('store: { path: ":memory:" }\n', 'vigil.yaml', opts);
    expect(config.store).toMatchObject({ path: ':memory:' });
  });

  it('returns a deeply frozen config', async () => {
    const config = await loadConfigText(
      'incidents: { assignment: [{ matchers: [a="b"], group: g }] }',
      'v.yaml',
      opts,
    );
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server.listen)).toBe(true);
    expect(Object.isFrozen(config.incidents.assignment[0]?.matchers)).toBe(true);
    expect(() => {
      (config.server as { logLevel: string }).logLevel = 'trace';
    }).toThrow(TypeError);
  });

  it('accepts small YAML anchors and aliases', async () => {
    const config = await loadConfigText(
      'host:\n  filesystems: { exclude: &skip [eth9, "/mnt/*"] }\n  interfaces: { exclude: *skip }\n',
      'v.yaml',
      opts,
    );
    expect(config.host.interfaces.exclude).toEqual(['eth9', '/mnt/*']);
  });
});

describe('loadConfigText errors', () => {
  it('rejects an unknown built-in rule set', async () => {
    const [issue] = await problems('rules: [builtin:hosts]\n');
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_INVALID', key: 'rules[0]', line: 1, column: 9 });
    expect(issue?.message).toContain('available: builtin:host');
  });

  it('rejects a literal short token without quoting it', async () => {
    const [issue] = await problems('server: { tokens: [{ name: a, role: admin, token: hunter2 }] }\n');
    expect(issue).toMatchObject({ key: 'server.tokens[0].token' });
    expect(issue?.message).toContain('at least 16 characters');
    expect(issue?.message).not.toContain('hunter2');
  });

  it('rejects two tokens with the same value', async () => {
    const text = `server:\n  tokens:\n    - { name: a, role: viewer, token: ${GOOD_TOKEN} }\n    - { name: b, role: admin, token: ${GOOD_TOKEN} }\n`;
    const [issue] = await problems(text);
    expect(issue).toMatchObject({ key: 'server.tokens[1].token', line: 4 });
    expect(issue?.message).toContain('same secret as the token of server.tokens[0]');
    expect(issue?.message).not.toContain(GOOD_TOKEN);
  });

  it('rejects impact thresholds in the wrong order', async () => {
    const [issue] = await problems('incidents:\n  impactThresholds: { global: 3, department: 5 }\n');
    expect(issue).toMatchObject({ key: 'incidents.impactThresholds.global', line: 2 });
    expect(issue?.message).toContain('must be greater than incidents.impactThresholds.department (5)');
  });

  it('reports a required key missing from a list entry at the entry', async () => {
    const [issue] = await problems('server:\n  tokens:\n    - name: a\n      token: x\n');
    expect(issue).toMatchObject({ key: 'server.tokens[0].role', line: 3, column: 7 });
    expect(issue?.message).toContain('is required');
  });

  it('suggests a close value of an enumeration', async () => {
    const [issue] = await problems(
      'server:\n  tokens: [{ name: a, role: opertor, token: aaaaaaaaaaaaaaaaaaaaa }]\n',
    );
    expect(issue?.message).toContain('(did you mean "operator"?)');
  });

  it('rejects duplicate keys as a syntax error', async () => {
    const [issue] = await problems('server: {}\nserver: {}\n');
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_PARSE', line: 2 });
    expect(issue?.message).toContain('Map keys must be unique');
  });

  it('reports an alias to an anchor that does not exist', async () => {
    const [issue] = await problems('host:\n  interfaces: { exclude: *missing }\n');
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_PARSE', line: 2 });
    expect(issue?.message).toContain('missing');
  });

  it('accepts notify, the last section that was unsupported, with its defaults', async () => {
    const config = await loadConfigText('server: {}\nnotify: {}\n', '/etc/vigil/vigil.yaml', opts);
    expect(config.notify).toEqual({
      receivers: [],
      routes: [],
      delivery: { initialBackoffMs: 10_000, maxBackoffMs: 600_000, maxAgeMs: 86_400_000, concurrency: 4 },
      retentionMs: 30 * 86_400_000,
    });
  });

  it('reads store.cache and refuses sizes that are not whole numbers in range', async () => {
    const config = await loadConfigText('store: { cache: { alerts: 200000 } }\n', 'v.yaml', opts);
    expect(config.store).toMatchObject({ kind: 'sqlite', cache: { alerts: 200_000, incidents: 10_000 } });
    const invalid = 'VIGIL_ERR_CONFIG_INVALID';
    for (const [value, key, code] of [
      ['{ alerts: 0 }', 'store.cache.alerts', invalid],
      ['{ alerts: 99 }', 'store.cache.alerts', invalid],
      ['{ alerts: 1500.5 }', 'store.cache.alerts', invalid],
      ['{ incidents: 10000001 }', 'store.cache.incidents', invalid],
      ['{ incidents: "lots" }', 'store.cache.incidents', invalid],
      ['{ incidents: -5 }', 'store.cache.incidents', invalid],
      ['{ records: 5000 }', 'store.cache.records', 'VIGIL_ERR_CONFIG_UNKNOWN_KEY'],
    ] as const) {
      const [issue] = await problems(`store:\n  cache: ${value}\n`);
      expect(issue, value).toMatchObject({ code, key, line: 2 });
    }
    // The cache belongs to the embedded store; the Redis store has none to size.
    const [issue] = await problems('store: { kind: redis, cache: { alerts: 1000 } }\n');
    expect(issue).toMatchObject({ code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY', key: 'store.cache' });
    expect(issue?.message).toMatch(/sqlite/);
  });

  it('reads notify.retention and refuses malformed, too short, oversized and hostile values', async () => {
    const config = await loadConfigText('notify: { retention: 90d }\n', 'v.yaml', opts);
    expect(config.notify.retentionMs).toBe(90 * 86_400_000);
    for (const value of [
      'forever',
      '0s',
      '30s',
      '3651d',
      '"1d; DROP TABLE notifications"',
      `"${'9'.repeat(40)}d"`,
      '-1d',
      '[30d]',
    ]) {
      const [issue] = await problems(`notify: { retention: ${value} }\n`);
      expect(issue, value).toMatchObject({
        code: 'VIGIL_ERR_CONFIG_INVALID',
        key: 'notify.retention',
        line: 1,
      });
      expect(issue?.message, value).toMatch(/retention/);
    }
  });

  it('reports every notify problem with its key and line', async () => {
    const issues = await problems(
      [
        'notify:',
        '  receivers:',
        '    - { name: hook, kind: webhook }',
        '    - { name: hook, kind: pagerduty, body: { a: 1 } }',
        '  routes:',
        '    - { name: r, receivers: [hook], matchers: ["priority=~(a+)+"] }',
        '  delivery: { initialBackoff: 1h, maxBackoff: 1m }',
        '',
      ].join('\n'),
    );
    expect(issues.map((i) => [i.key, i.line])).toEqual([
      ['notify.receivers[0]', 3],
      ['notify.receivers[1]', 4],
      ['notify.receivers[1].name', 4],
      ['notify.receivers[1].body', 4],
      ['notify.routes[0].matchers[0]', 6],
      ['notify.delivery.initialBackoff', 7],
    ]);
    expect(issues[0]?.message).toContain('a webhook receiver needs url');
    expect(issues[1]?.message).toContain('a pagerduty receiver needs routingKey');
    expect(issues[4]?.message).toContain('nested quantifiers');
  });

  it('rejects text larger than 1 MiB before parsing it', async () => {
    const text = `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;
    await expect(loadConfigText(text, 'big.yaml', opts)).rejects.toMatchObject({
      code: 'VIGIL_ERR_CONFIG_TOO_LARGE',
      message: expect.stringContaining('big.yaml is larger than the limit of 1048576 bytes'),
    });
  });
});

describe('loadConfigFile', () => {
  const made: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-config-'));
    made.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('reads the file and resolves relative paths against its directory', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'vigil.yaml'), 'store: { path: db/vigil.db }\n');
    const config = await loadConfigFile(join(dir, 'vigil.yaml'), { env: {} });
    expect(config.store).toMatchObject({ path: join(dir, 'db/vigil.db') });
    expect(config.source.file).toBe(join(dir, 'vigil.yaml'));
  });

  it('says when the file does not exist', async () => {
    await expect(loadConfigFile('nope.yaml', { ...opts, readFile: memoryFiles({}) })).rejects.toMatchObject({
      code: 'VIGIL_ERR_CONFIG_NOT_FOUND',
      message: 'Config file nope.yaml cannot be read: no such file.',
    });
  });

  it('stops reading a huge file at the limit and rejects it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'big.yaml'), Buffer.alloc(3 * MAX_CONFIG_BYTES, 0x23));
    await expect(loadConfigFile(join(dir, 'big.yaml'), { env: {} })).rejects.toMatchObject({
      code: 'VIGIL_ERR_CONFIG_TOO_LARGE',
    });
  });

  it('says when the path is a directory', async () => {
    await expect(loadConfigFile(tmpdir(), { env: {} })).rejects.toMatchObject({
      code: 'VIGIL_ERR_CONFIG_NOT_FOUND',
      message: expect.stringContaining('EISDIR'),
    });
  });
});
