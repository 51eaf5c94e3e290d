import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';
import type { ServiceDefinition } from '../sla/service-definition.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;
const M = 60_000;

const service = (name: string, pattern: string, rollup: ServiceDefinition['rollup']): ServiceDefinition => ({
  name,
  selectors: [{ class: 'host', name: pattern }],
  rollup,
  sla: null,
  maintenance: [],
});

beforeEach(async () => {
  c = await testCorrelator({
    services: [
      service('web', 'web-*', { kind: 'quorum', down: 2 }),
      service('db', 'db-*', { kind: 'any' }),
      service('none', 'nothing-*', { kind: 'all' }),
    ],
  });
  await c.cmdb.observe({
    source: 'host',
    observedAt: c.clock.now(),
    cis: ['web-1', 'web-2', 'db-1'].map((name) => ({
      ref: name,
      class: 'host' as const,
      name,
      identifiers: { hostname: name },
      attributes: {},
    })),
    relations: [],
  });
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const get = (url: string) => c.app.inject({ url, headers: bearer('viewer') });
const send = async (overrides: Record<string, unknown>) => {
  const res = await c.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: bearer('agent'),
    payload: { events: [event(overrides)] },
  });
  expect(res.statusCode).toBe(202);
};
const services = async () =>
  Object.fromEntries(
    (await get('/api/v1/services')).json().items.map((s: { name: string }) => [s.name, s]),
  ) as Record<string, Record<string, unknown>>;
const severityGauge = async (name: string) =>
  (await get('/metrics')).body
    .split('\n')
    .find((l) => l.startsWith(`vigil_service_severity{service="${name}"}`))
    ?.split(' ')[1];

describe('services: state and highest severity of the open incidents on their members', () => {
  it('follows incidents as they open and resolve, by the injected clock', async () => {
    expect(await services()).toMatchObject({
      web: {
        up: true,
        severity: null,
        members: 2,
        down: 0,
        openIncidents: 0,
        rollup: { kind: 'quorum', down: 2 },
      },
      db: { up: true, severity: null, members: 1, openIncidents: 0 },
      none: { up: true, severity: null, members: 0 },
    });
    expect(await severityGauge('web')).toBe('0');

    c.clock.advance(M);
    await send({ resource: 'web-1', check: 'disk', severity: 'warning' });
    c.clock.advance(M);
    await send({ resource: 'web-2', check: 'cpu', severity: 'critical' });
    c.clock.advance(M);
    await send({ resource: 'elsewhere', check: 'cpu', severity: 'critical' });
    const open = await services();
    expect(open['web']).toMatchObject({ up: true, severity: 'critical', openIncidents: 2 });
    expect(open['web']!['incidentIds']).toEqual(['INC-000001', 'INC-000002']);
    expect(open['db']).toMatchObject({ severity: null, openIncidents: 0 });
    expect(await severityGauge('web')).toBe('5');
    expect(await severityGauge('db')).toBe('0');

    // The critical one recovers (its incident resolves at once): the warning is the highest left.
    c.clock.advance(M);
    await send({ resource: 'web-2', check: 'cpu', severity: 'critical', status: 'resolved' });
    expect((await services())['web']).toMatchObject({ severity: 'warning', openIncidents: 1 });
    expect(await severityGauge('web')).toBe('2');

    // A member down by liveness: the quorum of 2 keeps the service up, and says one is down.
    c.liveness.report('web-1', 'host', false, 5 * M);
    await c.trackAvailability();
    const detail = (await get('/api/v1/services/web')).json();
    expect(detail).toMatchObject({ name: 'web', up: true, down: 1, severity: 'warning', sla: null });
    expect(detail.memberCis).toEqual([
      expect.objectContaining({
        name: 'web-1',
        class: 'host',
        up: false,
        severity: 'warning',
        incidentIds: ['INC-000001'],
      }),
      expect.objectContaining({ name: 'web-2', class: 'host', up: true, severity: null, incidentIds: [] }),
    ]);
    c.liveness.report('web-2', 'host', false, 5 * M);
    await c.trackAvailability();
    expect((await services())['web']).toMatchObject({ up: false, down: 2 });
  });

  it('answers 404 for an unknown service and refuses a malformed name', async () => {
    const missing = await get('/api/v1/services/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('VIGIL_ERR_NOT_FOUND');
    expect((await get(`/api/v1/services/${'x'.repeat(65)}`)).json().error.code).toBe('VIGIL_ERR_VALIDATION');
  });
});
