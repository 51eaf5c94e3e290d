import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

const HOUR = 3_600_000;
/** Where the test correlator's manual clock starts. */
const START = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  c = await testCorrelator();
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const good = () => ({
  matchers: ['resource="web-1"', 'check=~"filesystem\\\\..*"'],
  endsAt: iso(START + HOUR),
  comment: 'disk swap CHG-42',
});

const create = (payload: unknown, role: 'operator' | 'viewer' | 'agent' | 'admin' = 'operator') =>
  c.app.inject({
    method: 'POST',
    url: '/api/v1/silences',
    headers: bearer(role),
    payload: payload as object,
  });

const list = async () =>
  (await c.app.inject({ url: '/api/v1/silences', headers: bearer('viewer') })).json().items as unknown[];

describe('silences API', () => {
  it('creates, lists, reads and expires a silence; an expired one cannot be expired again', async () => {
    const res = await create(good());
    expect(res.statusCode).toBe(201);
    const silence = res.json();
    expect(silence).toMatchObject({
      status: { state: 'active' },
      matchers: good().matchers,
      createdBy: 'test-operator',
      comment: 'disk swap CHG-42',
      startsAt: iso(c.clock.now()),
    });
    expect(await list()).toEqual([silence]);
    const one = await c.app.inject({ url: `/api/v1/silences/${silence.id}`, headers: bearer('viewer') });
    expect(one.json()).toEqual(silence);

    c.clock.advance(60_000);
    const del = await c.app.inject({
      method: 'DELETE',
      url: `/api/v1/silences/${silence.id}`,
      headers: bearer('operator'),
    });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ status: { state: 'expired' }, endsAt: iso(c.clock.now()) });
    const again = await c.app.inject({
      method: 'DELETE',
      url: `/api/v1/silences/${silence.id}`,
      headers: bearer('operator'),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('VIGIL_ERR_SILENCE_EXPIRED');
    const expired = await c.app.inject({ url: '/api/v1/silences?state=expired', headers: bearer('viewer') });
    expect(expired.json().items).toHaveLength(1);
    const active = await c.app.inject({ url: '/api/v1/silences?state=active', headers: bearer('viewer') });
    expect(active.json().items).toEqual([]);
  });

  it('mutes matching events: the alert is suppressed and explained, no incident opens', async () => {
    const silence = (await create({ ...good(), createdBy: 'alice' })).json();
    const res = await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: { events: [event()] },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().events?.[0]?.incidentId ?? null).toBeNull();
    const alerts = (await c.app.inject({ url: '/api/v1/alerts', headers: bearer('viewer') })).json().items;
    expect(alerts[0]).toMatchObject({ state: 'suppressed', incidentId: null });
    expect(alerts[0].reasons.at(-1)).toMatchObject({ by: `silence:${silence.id}`, reason: 'silenced' });
    const incidents = (await c.app.inject({ url: '/api/v1/incidents', headers: bearer('viewer') })).json();
    expect(incidents.items).toEqual([]);
  });

  it('needs an operator to write and a viewer to read', async () => {
    expect((await create(good(), 'viewer')).statusCode).toBe(403);
    expect((await create(good(), 'agent')).statusCode).toBe(403);
    expect(
      (await c.app.inject({ method: 'POST', url: '/api/v1/silences', payload: good() })).statusCode,
    ).toBe(401);
    expect((await c.app.inject({ url: '/api/v1/silences', headers: bearer('agent') })).statusCode).toBe(403);
    expect((await create(good(), 'admin')).statusCode).toBe(201);
    const id = ((await list()) as Array<{ id: string }>)[0]!.id;
    const del = await c.app.inject({
      method: 'DELETE',
      url: `/api/v1/silences/${id}`,
      headers: bearer('viewer'),
    });
    expect(del.statusCode).toBe(403);
  });

  const bad: Array<[string, unknown, string]> = [
    ['no matchers', { ...good(), matchers: [] }, 'VIGIL_ERR_VALIDATION'],
    ['matchers not a list', { ...good(), matchers: 'resource="web-1"' }, 'VIGIL_ERR_VALIDATION'],
    ['a matcher that is a number', { ...good(), matchers: [1] }, 'VIGIL_ERR_VALIDATION'],
    ['a matcher that is a list', { ...good(), matchers: [['resource="web-1"']] }, 'VIGIL_ERR_VALIDATION'],
    [
      'too many matchers',
      { ...good(), matchers: Array.from({ length: 33 }, (_, i) => `l${i}="v"`) },
      'VIGIL_ERR_VALIDATION',
    ],
    [
      'an oversized matcher',
      { ...good(), matchers: [`resource="${'x'.repeat(2000)}"`] },
      'VIGIL_ERR_VALIDATION',
    ],
    ['a matcher without operator', { ...good(), matchers: ['resource'] }, 'VIGIL_ERR_MATCHER_INVALID'],
    ['an unterminated quote', { ...good(), matchers: ['resource="web-1'] }, 'VIGIL_ERR_MATCHER_INVALID'],
    ['a catastrophic regex', { ...good(), matchers: ['resource=~"(a+)+"'] }, 'VIGIL_ERR_MATCHER_INVALID'],
    [
      'a regex that does not compile',
      { ...good(), matchers: ['resource=~"("'] },
      'VIGIL_ERR_MATCHER_INVALID',
    ],
    [
      'matchers that mute everything',
      { ...good(), matchers: ['resource=~".*"', 'team=""'] },
      'VIGIL_ERR_SILENCE_INVALID',
    ],
    ['no comment', { matchers: good().matchers, endsAt: good().endsAt }, 'VIGIL_ERR_VALIDATION'],
    ['an empty comment', { ...good(), comment: '' }, 'VIGIL_ERR_VALIDATION'],
    ['an oversized comment', { ...good(), comment: 'x'.repeat(5000) }, 'VIGIL_ERR_VALIDATION'],
    ['no endsAt', { matchers: good().matchers, comment: 'x' }, 'VIGIL_ERR_VALIDATION'],
    ['endsAt not a time', { ...good(), endsAt: 'tomorrow' }, 'VIGIL_ERR_VALIDATION'],
    ['endsAt a number', { ...good(), endsAt: 1_767_229_200_000 }, 'VIGIL_ERR_VALIDATION'],
    [
      'endsAt in the past',
      { ...good(), endsAt: iso(Date.parse('2020-01-01T00:00:00Z')) },
      'VIGIL_ERR_SILENCE_INVALID',
    ],
    [
      'endsAt before startsAt',
      { ...good(), startsAt: iso(Date.parse('2026-02-01T00:00:00Z')) },
      'VIGIL_ERR_SILENCE_INVALID',
    ],
    ['longer than 366 days', { ...good(), endsAt: '2030-01-01T00:00:00Z' }, 'VIGIL_ERR_SILENCE_INVALID'],
    ['an unknown field', { ...good(), id: 'mine' }, 'VIGIL_ERR_VALIDATION'],
    ['createdBy not a string', { ...good(), createdBy: { name: 'alice' } }, 'VIGIL_ERR_VALIDATION'],
    ['a list body', [good()], 'VIGIL_ERR_VALIDATION'],
  ];
  it.each(bad)('refuses %s with a stable code and stores nothing', async (_what, payload, code) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(await list()).toEqual([]);
  });

  it('refuses hostile JSON and unknown or malformed ids', async () => {
    const poisoned = await c.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: { ...bearer('operator'), 'content-type': 'application/json' },
      payload: `{"matchers":["resource=\\"a\\""],"endsAt":"${good().endsAt}","comment":"x","__proto__":{"admin":true}}`,
    });
    expect(poisoned.json().error.code).toBe('VIGIL_ERR_MALFORMED_JSON');
    const unknown = await c.app.inject({
      url: '/api/v1/silences/00000000-0000-4000-8000-000000000000',
      headers: bearer('viewer'),
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await c.app.inject({ url: '/api/v1/silences/..%2Fetc', headers: bearer('viewer') });
    expect(malformed.statusCode).toBe(400);
    const badCursor = await c.app.inject({ url: '/api/v1/silences?cursor=zzz', headers: bearer('viewer') });
    expect(badCursor.json().error.code).toBe('VIGIL_ERR_BAD_CURSOR');
    expect(await list()).toEqual([]);
  });
});
