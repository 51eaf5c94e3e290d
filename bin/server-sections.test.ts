import { describe, expect, it } from 'vitest';
import type { SnmpConfig } from '../config/types.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import type { Store } from '../correlator/store/contract.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { NO_CORRELATION_RULES } from '../rules/correlation-types.js';
import { checkServerSections, type ServerSections } from './server-sections.js';

/** A store with the base contract only, as the Redis store is until it keeps the other state. */
const baseOnly = { kind: 'redis' } as unknown as Store;

const sections = (overrides: Partial<ServerSections['config']> = {}, more: Partial<ServerSections> = {}) => ({
  config: {
    source: { file: '/etc/vigil/server.yaml', baseDir: '/etc/vigil', secrets: [] },
    suppression: { maintenance: [], inhibit: [], topology: null },
    services: [],
    ...overrides,
  },
  correlation: NO_CORRELATION_RULES,
  automationRules: 0,
  ...more,
});

const refusal = (input: ServerSections, store: Store = baseOnly) => {
  try {
    checkServerSections(input, store);
  } catch (error) {
    expect(error).toBeInstanceOf(VigilError);
    return error as VigilError;
  }
  throw new Error('expected a refusal');
};

describe('vigil server config sections', () => {
  it('accepts a config with only what a replica runs', () => {
    expect(checkServerSections(sections(), baseOnly)).toEqual([]);
  });

  /** An `snmp` section as the config resolves it: defaults, one scheduled sweep, no polling. */
  const snmp = (overrides: Partial<SnmpConfig> = {}): SnmpConfig => ({
    credentials: [{ name: 'lab', version: '2c', community: 'public' }],
    targets: [],
    traps: null,
    concurrency: 32,
    inventoryIntervalMs: 3_600_000,
    downAfterFailures: 3,
    discovery: [
      {
        name: 'lab-sweep',
        range: ['10.0.0.0/30'],
        credentials: ['lab'],
        schedule: { kind: 'every', everyMs: 3_600_000 },
        crawl: false,
        concurrency: 8,
        timeoutMs: 1000,
        retries: 0,
        maxRepetitions: 20,
      },
    ],
    ...overrides,
  });

  it('accepts snmp.discovery with its credentials: the lease holder sweeps', () => {
    expect(checkServerSections(sections({ snmp: snmp() }), baseOnly)).toEqual([]);
  });

  it('refuses what replicas do not run of snmp, naming the keys that do run and where the rest runs', () => {
    const cases: Array<[Partial<SnmpConfig>, string]> = [
      [{ targets: [{ host: '10.0.0.1' } as never] }, 'Section snmp.targets'],
      [
        { traps: { listen: { host: '0.0.0.0', port: 162 }, credentials: ['lab'], engineID: null } },
        'Section snmp.traps',
      ],
      [{ concurrency: 64 }, 'Section snmp.concurrency'],
      [{ inventoryIntervalMs: 60_000 }, 'Section snmp.inventoryInterval'],
      [{ downAfterFailures: 5 }, 'Section snmp.downAfterFailures'],
      [{ discovery: [] }, 'snmp.discovery is empty'],
    ];
    for (const [overrides, expected] of cases) {
      const error = refusal(sections({ snmp: snmp(overrides) }));
      expect(error.code).toBe('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED');
      expect(error.message).toContain(expected);
      expect(error.message).toContain('of /etc/vigil/server.yaml');
      expect(error.message).toContain('runs only snmp.discovery');
      expect(error.message).toContain('snmp.credentials');
      expect(error.message).toContain('`vigil agent` or `vigil run`');
    }
  });

  it('refuses ssh (it has no scheduled discovery), naming the command that collects', () => {
    const ssh = refusal(sections({ ssh: {} as never }));
    expect(ssh.code).toBe('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED');
    expect(ssh.message).toContain('Section ssh of /etc/vigil/server.yaml');
    expect(ssh.message).toContain('runs no ssh key');
    expect(ssh.message).toContain('`vigil agent` or `vigil run`');
  });

  it('refuses sections whose state the store does not keep, instead of ignoring them', () => {
    const maintenance = refusal(
      sections({ suppression: { maintenance: [{}] as never, inhibit: [], topology: null } }),
    );
    expect(maintenance.message).toContain('Section suppression');
    expect(maintenance.message).toContain('the redis store does not keep maintenance windows');
    expect(refusal(sections({ services: [{}] as never })).message).toContain('Section services');
    expect(refusal(sections({}, { automationRules: 2 })).message).toContain('Section automation');
    const grouping = refusal(
      sections({}, { correlation: { ...NO_CORRELATION_RULES, grouping: [{}] as never } }),
    );
    expect(grouping.message).toContain('correlation groups');
    expect(grouping.message).toContain('classification rules work');
  });

  it('lets classification rules through and warns about default topology suppression', () => {
    const warnings = checkServerSections(
      sections(
        { suppression: { maintenance: [], inhibit: [], topology: {} as never } },
        { correlation: { ...NO_CORRELATION_RULES, classification: [{}] as never } },
      ),
      baseOnly,
    );
    expect(warnings).toEqual([expect.stringContaining('topology suppression (on by default) is not active')]);
  });

  it('accepts the sections once the store keeps their state (checked by capability)', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      expect(
        checkServerSections(
          sections(
            {
              suppression: { maintenance: [{}] as never, inhibit: [], topology: {} as never },
              services: [{}] as never,
            },
            { automationRules: 1, correlation: { ...NO_CORRELATION_RULES, transient: [{}] as never } },
          ),
          store,
        ),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
