import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

beforeEach(async () => {
  c = await testCorrelator();
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const good = () => ({
  name: 'weekly-db',
  selector: { names: ['web-1'], classes: ['host'] },
  schedule: { cron: '0 22 * * 6', duration: '2h', timezone: 'Europe/Berlin' },
  comment: 'patching',
});

const create = (payload: unknown, role: 'operator' | 'viewer' | 'agent' = 'operator') =>
  c.app.inject({
    method: 'POST',
    url: '/api/v1/maintenance',
    headers: bearer(role),
    payload: payload as object,
  });

const list = async () =>
  (await c.app.inject({ url: '/api/v1/maintenance', headers: bearer('viewer') })).json().items as unknown[];

describe('maintenance API', () => {
  it('creates, lists, reads and deletes a recurring window', async () => {
    const res = await create(good());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      name: 'weekly-db',
      source: 'api',
      selector: { ciIds: [], names: ['web-1'], classes: ['host'], matchers: [] },
      schedule: { cron: '0 22 * * 6', duration: '2h', timezone: 'Europe/Berlin' },
      comment: 'patching',
      createdBy: 'test-operator',
      active: false,
    });
    expect(await list()).toEqual([res.json()]);
    const one = await c.app.inject({ url: '/api/v1/maintenance/weekly-db', headers: bearer('viewer') });
    expect(one.json()).toEqual(res.json());
    const dup = await create(good());
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('VIGIL_ERR_MAINTENANCE_CONFLICT');
    const del = await c.app.inject({
      method: 'DELETE',
      url: '/api/v1/maintenance/weekly-db',
      headers: bearer('operator'),
    });
    expect(del.statusCode).toBe(204);
    expect(await list()).toEqual([]);
    const gone = await c.app.inject({
      method: 'DELETE',
      url: '/api/v1/maintenance/weekly-db',
      headers: bearer('operator'),
    });
    expect(gone.statusCode).toBe(404);
  });

  it('suppresses events of an open one-off window created through the API', async () => {
    const now = c.clock.now();
    const res = await create({
      name: 'now',
      selector: { names: ['web-1'] },
      schedule: { startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() },
    });
    expect(res.json()).toMatchObject({ active: true, activeUntil: new Date(now + 3_600_000).toISOString() });
    await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: { events: [event()] },
    });
    const alerts = (await c.app.inject({ url: '/api/v1/alerts', headers: bearer('viewer') })).json().items;
    expect(alerts[0]).toMatchObject({ state: 'suppressed' });
    expect(alerts[0].reasons.at(-1)).toMatchObject({ by: 'maintenance:now', reason: 'in_maintenance' });
  });

  it('needs an operator to write and a viewer to read', async () => {
    expect((await create(good(), 'viewer')).statusCode).toBe(403);
    expect((await create(good(), 'agent')).statusCode).toBe(403);
    expect((await c.app.inject({ url: '/api/v1/maintenance', headers: bearer('agent') })).statusCode).toBe(
      403,
    );
    expect((await c.app.inject({ url: '/api/v1/maintenance' })).statusCode).toBe(401);
  });

  const bad: Array<[string, unknown, string]> = [
    ['a name with a slash', { ...good(), name: 'a/b' }, 'VIGIL_ERR_MAINTENANCE_INVALID'],
    ['an overlong name', { ...good(), name: 'x'.repeat(65) }, 'VIGIL_ERR_VALIDATION'],
    ['an empty selector', { ...good(), selector: {} }, 'VIGIL_ERR_MAINTENANCE_INVALID'],
    ['an unknown class', { ...good(), selector: { classes: ['toaster'] } }, 'VIGIL_ERR_MAINTENANCE_INVALID'],
    ['a bad matcher', { ...good(), selector: { matchers: ['mount=~"(a+)+"'] } }, 'VIGIL_ERR_MATCHER_INVALID'],
    ['a selector list that is a string', { ...good(), selector: { names: 'web-1' } }, 'VIGIL_ERR_VALIDATION'],
    ['an unknown selector key', { ...good(), selector: { hosts: ['web-1'] } }, 'VIGIL_ERR_VALIDATION'],
    [
      'too many names',
      { ...good(), selector: { names: Array.from({ length: 101 }, (_, i) => `h${i}`) } },
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'a cron of six fields',
      { ...good(), schedule: { ...good().schedule, cron: '0 0 22 * * 6' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a cron out of range',
      { ...good(), schedule: { ...good().schedule, cron: '61 * * * *' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a cron that is prose',
      { ...good(), schedule: { ...good().schedule, cron: 'every saturday' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'an unknown time zone',
      { ...good(), schedule: { ...good().schedule, timezone: 'Mars/Olympus' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a duration that is not one',
      { ...good(), schedule: { ...good().schedule, duration: 'long' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a duration under a minute',
      { ...good(), schedule: { ...good().schedule, duration: '30s' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a duration over 366 days',
      { ...good(), schedule: { ...good().schedule, duration: '400d' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a one-off ending before it starts',
      { ...good(), schedule: { startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' } },
      'VIGIL_ERR_MAINTENANCE_INVALID',
    ],
    [
      'a schedule mixing both kinds',
      { ...good(), schedule: { ...good().schedule, startsAt: '2026-02-01T00:00:00Z' } },
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'a time that is not ISO',
      { ...good(), schedule: { startsAt: 'now', endsAt: 'later' } },
      'VIGIL_ERR_VALIDATION',
    ],
    ['no schedule', { name: 'x', selector: { names: ['a'] } }, 'VIGIL_ERR_VALIDATION'],
    ['an oversized comment', { ...good(), comment: 'x'.repeat(5000) }, 'VIGIL_ERR_VALIDATION'],
    ['a number for a name', { ...good(), name: 42 }, 'VIGIL_ERR_VALIDATION'],
  ];
  it.each(bad)('refuses %s with a stable code and stores nothing', async (_what, payload, code) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(await list()).toEqual([]);
  });
});
