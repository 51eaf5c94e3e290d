import { describe, expect, it } from 'vitest';
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

  it('refuses collection sections, naming the command that collects', () => {
    const snmp = refusal(sections({ snmp: {} as never }));
    expect(snmp.code).toBe('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED');
    expect(snmp.message).toContain('Section snmp of /etc/vigil/server.yaml');
    expect(snmp.message).toContain('`vigil agent`');
    expect(refusal(sections({ ssh: {} as never })).message).toContain('Section ssh');
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
