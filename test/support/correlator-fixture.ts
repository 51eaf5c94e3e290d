import type { AutomationSetup } from '../../correlator/automation/setup.js';
import { ManualClock } from '../../correlator/clock/clock.js';
import { type Correlator, createCorrelator } from '../../correlator/correlator.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../correlator/incidents/policy.js';
import type { Sender } from '../../correlator/notify/deliver.js';
import type { NotifyConfig } from '../../correlator/notify/setup.js';
import type { ServiceDefinition } from '../../correlator/sla/service-definition.js';
import type { Store } from '../../correlator/store/contract.js';
import { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';
import type { CorrelationRules } from '../../rules/correlation-types.js';

/** Tokens every API test can use, one per role. */
export const TEST_TOKENS = {
  admin: 'admin-token-0123456789abcdef',
  operator: 'operator-token-0123456789abcdef',
  viewer: 'viewer-token-0123456789abcdef',
  agent: 'agent-token-0123456789abcdef',
} as const;

/** Authorization header for a role's test token. */
export const bearer = (role: keyof typeof TEST_TOKENS) => ({ authorization: `Bearer ${TEST_TOKENS[role]}` });

/** A correlator on an in-memory SQLite store with a manual clock, ready for `app.inject()`. */
export async function testCorrelator(
  overrides: {
    policy?: Partial<IncidentPolicy>;
    limits?: { bodyBytes: number; batchEvents: number };
    automation?: AutomationSetup;
    rules?: CorrelationRules;
    loadRules?: () => Promise<CorrelationRules>;
    services?: ServiceDefinition[];
    /** Another store (the Redis store); default a fresh in-memory SQLite. */
    store?: Store;
    notify?: NotifyConfig;
    notifyTransport?: { send?: Sender; random?: () => number };
  } = {},
): Promise<Correlator & { clock: ManualClock }> {
  const clock = new ManualClock();
  const correlator = await createCorrelator({
    store: overrides.store ?? new SqliteStore({ path: ':memory:' }),
    policy: { ...DEFAULT_INCIDENT_POLICY, ...overrides.policy },
    tokens: Object.entries(TEST_TOKENS).map(([role, token]) => ({
      name: `test-${role}`,
      role: role as keyof typeof TEST_TOKENS,
      token,
    })),
    limits: overrides.limits ?? { bodyBytes: 10 * 1024 * 1024, batchEvents: 5000 },
    metricsAuth: false,
    clock,
    processMetrics: false,
    ...(overrides.automation ? { automation: overrides.automation } : {}),
    ...(overrides.rules ? { rules: overrides.rules } : {}),
    ...(overrides.loadRules ? { loadRules: overrides.loadRules } : {}),
    ...(overrides.notify ? { notify: overrides.notify } : {}),
    ...(overrides.notifyTransport ? { notifyTransport: overrides.notifyTransport } : {}),
    ...(overrides.services ? { services: overrides.services } : {}),
  });
  correlator.setReady(true);
  return Object.assign(correlator, { clock });
}

/** A valid native event, with overrides. */
export function event(overrides: Record<string, unknown> = {}) {
  return {
    source: 'host',
    resource: 'web-1',
    check: 'filesystem.used_percent',
    severity: 'major',
    status: 'firing',
    summary: 'Filesystem / is 93% full',
    labels: { mount: '/' },
    ...overrides,
  };
}
