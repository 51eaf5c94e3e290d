import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, TEST_TOKENS } from '../../test/support/correlator-fixture.js';
import { ManualClock } from '../clock/clock.js';
import { type Correlator, createCorrelator } from '../correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/policy.js';
import type { ServiceDefinition } from '../sla/service-definition.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

const M = 60_000;
const H = 60 * M;
const at = (iso: string) => Date.parse(iso);

const SHOP: ServiceDefinition = {
  name: 'shop',
  selectors: [{ class: 'host', name: 'web-*' }],
  rollup: { kind: 'all' },
  maintenance: [{ start: at('2026-01-10T00:00:00Z'), end: at('2026-01-10T01:00:00Z') }],
  sla: {
    name: 'gold',
    availability: 0.999,
    period: 'calendar_month',
    timeZone: 'UTC',
    businessHours: null,
    targets: {
      responseMs: { P1: 15 * M, P2: 30 * M, P3: 15 * M, P4: 8 * H, P5: 24 * H },
      resolutionMs: { P1: 4 * H, P2: 8 * H, P3: 24 * H, P4: 72 * H, P5: 168 * H },
    },
  },
};

let c: Correlator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(at('2026-01-01T00:00:00Z'));
  c = await createCorrelator({
    store: new SqliteStore({ path: ':memory:' }),
    policy: DEFAULT_INCIDENT_POLICY,
    tokens: [
      { name: 'viewer', role: 'viewer', token: TEST_TOKENS.viewer },
      { name: 'agent', role: 'agent', token: TEST_TOKENS.agent },
    ],
    limits: { bodyBytes: 1 << 20, batchEvents: 100 },
    metricsAuth: false,
    clock,
    processMetrics: false,
    services: [SHOP],
  });
  c.setReady(true);
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

/** web-1 and web-2 (the shop, rolled up with `all`) and db-1 (not in it). */
async function seed() {
  const result = await c.cmdb.observe({
    source: 'ssh',
    observedAt: clock.now(),
    cis: ['web-1', 'web-2', 'db-1'].map((name) => ({
      ref: name,
      class: 'host' as const,
      name,
      identifiers: { hostname: name },
      attributes: {},
    })),
    relations: [],
  });
  return (name: string) => ({ id: result.ids.get(name)! });
}

const report = (query: string) =>
  c.app.inject({ url: `/api/v1/sla/report?${query}`, headers: bearer('viewer') });

describe('GET /api/v1/sla/report', () => {
  it('reports availability from recorded outages, with maintenance excluded, breaches and MTTA/MTTR', async () => {
    const ci = await seed();
    const tracker = c.sla!.tracker;
    // Jan 5: web-1 down 10:00-14:00, web-2 down 11:00-12:30: the shop (all) is down 11:00-12:30.
    clock.set(at('2026-01-05T10:00:00Z'));
    await tracker.observe([
      { ci: ci('web-1'), up: false },
      { ci: ci('web-2'), up: true },
      { ci: ci('db-1'), up: false },
    ]);
    clock.set(at('2026-01-05T11:00:00Z'));
    await tracker.observe([{ ci: ci('web-2'), up: false }]);
    // An incident on web-2 at 11:00 (P3: local impact, urgent), acknowledged after 20 min, resolved after 1 h.
    const posted = await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: {
        events: [
          { source: 'host', resource: 'web-2', check: 'host.down', severity: 'critical', status: 'firing' },
        ],
      },
    });
    expect(posted.statusCode).toBe(202);
    clock.advance(20 * M);
    await c.pipeline.act('INC-000001', { kind: 'acknowledge' }, 'alice');
    clock.set(at('2026-01-05T12:00:00Z'));
    await c.pipeline.act('INC-000001', { kind: 'resolve' }, 'alice');
    clock.set(at('2026-01-05T12:30:00Z'));
    await tracker.observe([{ ci: ci('web-2'), up: true }]);
    clock.set(at('2026-01-05T14:00:00Z'));
    await tracker.observe([{ ci: ci('web-1'), up: true }]);
    // Jan 10: both down 00:30-02:00, half of it in the 00:00-01:00 maintenance window.
    clock.set(at('2026-01-10T00:30:00Z'));
    await tracker.observe([
      { ci: ci('web-1'), up: false },
      { ci: ci('web-2'), up: false },
    ]);
    clock.set(at('2026-01-10T02:00:00Z'));
    await tracker.observe([{ ci: ci('web-1'), up: true }]);

    clock.set(at('2026-02-03T00:00:00Z'));
    const res = await report('service=shop&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Scheduled: 31 d - 1 h maintenance = 2,674,800 s. Down: 1.5 h + 1 h = 9,000 s.
    expect(body.periods).toHaveLength(1);
    expect(body.periods[0]).toMatchObject({
      scheduledSeconds: 2_674_800,
      downtimeSeconds: 9_000,
      maintenanceSeconds: 3_600,
      target: 0.999,
      met: false,
      incidentIds: ['INC-000001'],
    });
    expect(body.periods[0].availability).toBeCloseTo(1 - 9_000 / 2_674_800, 12);
    expect(body.periods[0].errorBudgetRemaining).toBeCloseTo(1 - 9_000 / (0.001 * 2_674_800), 9);
    expect(body.members).toBe(2);
    expect(body.priorities[2]).toMatchObject({
      priority: 'P3',
      incidents: 1,
      mttaSeconds: 1_200,
      mttrSeconds: 3_600,
      responseAttainment: 0,
      resolutionAttainment: 1,
    });
    expect(body.breaches).toEqual([
      expect.objectContaining({ kind: 'availability', incidentIds: ['INC-000001'] }),
      { kind: 'response', incidentId: 'INC-000001', priority: 'P3', tookSeconds: 1_200, targetSeconds: 900 },
    ]);

    const csv = await report('service=shop&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[1]).toBe(
      `period,shop,2026-01-01T00:00:00.000Z,2026-02-01T00:00:00.000Z,,0.999000,${(1 - 9_000 / 2_674_800).toFixed(6)},false,2674800,9000,${(1 - 9_000 / 2674.8).toFixed(6)},,,INC-000001`,
    );
    const metrics = (await c.app.inject({ url: '/metrics' })).body;
    const value = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1]);
    // Rolling 30 days (Jan 4 - Feb 3): 1.5 h + 1 h down over 30 d - 1 h of maintenance.
    expect(value('vigil_service_availability_ratio{service="shop",window="30d"}')).toBeCloseTo(
      1 - 9_000 / 2_588_400,
      12,
    );
    expect(value('vigil_service_availability_ratio{service="shop",window="month"}')).toBe(1);
    expect(value('vigil_service_up{service="shop"}')).toBe(1);
    expect(value('vigil_sla_target_ratio{service="shop"}')).toBe(0.999);
    expect(value('vigil_sla_error_budget_remaining_ratio{service="shop"}')).toBe(1);
    expect(value('vigil_sla_availability_met{service="shop"}')).toBe(1);

    const html = await report('service=shop&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&format=html');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('<h1>SLA report: shop</h1>');
    expect(html.body).toContain('breached');
    expect(html.body).not.toContain('<script');
  });

  it('defaults to the current period so far', async () => {
    clock.set(at('2026-03-15T12:00:00Z'));
    const body = (await report('service=shop')).json();
    expect([body.from, body.to]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-15T12:00:00.000Z']);
    expect(body.periods[0]).toMatchObject({ availability: 1, met: true, downtimeSeconds: 0 });
  });

  it.each([
    ['service=nope', 404, 'VIGIL_ERR_NOT_FOUND'],
    ['', 400, 'VIGIL_ERR_VALIDATION'],
    ['service=shop&format=pdf', 400, 'VIGIL_ERR_VALIDATION'],
    ['service=shop&from=yesterday', 400, 'VIGIL_ERR_BAD_REQUEST'],
    ['service=shop&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 400, 'VIGIL_ERR_BAD_REQUEST'],
    ['service=shop&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 400, 'VIGIL_ERR_BAD_REQUEST'],
    ['service=shop&evil=1', 400, 'VIGIL_ERR_VALIDATION'],
    [`service=${'x'.repeat(100)}`, 400, 'VIGIL_ERR_VALIDATION'],
  ])('rejects %s', async (query, status, code) => {
    const res = await report(query);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });
});
