import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

const HOUR = 3_600_000;

beforeEach(async () => {
  c = await testCorrelator({ policy: { problems: { recurrenceCount: 2, recurrenceWindowMs: 24 * HOUR } } });
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

/** The disk fails and recovers twice, more than the reopen window apart: two incidents, one problem (PRB-000001). */
async function recurringFailure(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const status of ['firing', 'resolved']) {
      const res = await c.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: bearer('agent'),
        payload: { events: [event({ status, severity: status === 'firing' ? 'major' : 'ok' })] },
      });
      expect(res.statusCode).toBe(202);
      c.clock.advance(2 * HOUR);
    }
  }
}

const patch = (payload: unknown, role: 'operator' | 'viewer' = 'operator', id = 'PRB-000001') =>
  c.app.inject({
    method: 'PATCH',
    url: `/api/v1/problems/${id}`,
    headers: bearer(role),
    payload: payload as object,
  });

describe('problems API', () => {
  it('lists problems and shows one with its incidents', async () => {
    await recurringFailure();
    const list = await c.app.inject({ url: '/api/v1/problems', headers: bearer('viewer') });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      items: [
        {
          id: 'PRB-000001',
          state: 'open',
          resource: 'web-1',
          check: 'filesystem.used_percent',
          incidentIds: ['INC-000001', 'INC-000002'],
          rootCause: null,
          workaround: null,
        },
      ],
      next: null,
    });
    const none = await c.app.inject({ url: '/api/v1/problems?state=closed', headers: bearer('viewer') });
    expect(none.json()).toEqual({ items: [], next: null });

    const detail = await c.app.inject({ url: '/api/v1/problems/PRB-000001', headers: bearer('viewer') });
    expect(detail.statusCode).toBe(200);
    expect(
      detail.json().incidents.map((i: { id: string; problemId: string }) => [i.id, i.problemId]),
    ).toEqual([
      ['INC-000001', 'PRB-000001'],
      ['INC-000002', 'PRB-000001'],
    ]);
    const incident = await c.app.inject({ url: '/api/v1/incidents/INC-000001', headers: bearer('viewer') });
    expect(incident.json().problemId).toBe('PRB-000001');
  });

  it('answers VIGIL_ERR_NOT_FOUND for an unknown problem, on read and on update', async () => {
    const get = await c.app.inject({ url: '/api/v1/problems/PRB-000042', headers: bearer('viewer') });
    expect(get.statusCode).toBe(404);
    expect(get.json().error.code).toBe('VIGIL_ERR_NOT_FOUND');
    const res = await patch({ rootCause: 'x' }, 'operator', 'PRB-000042');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('VIGIL_ERR_NOT_FOUND');
  });

  it('lets an operator set root cause, workaround and state along open -> known_error -> resolved -> closed', async () => {
    await recurringFailure();
    const known = await patch({
      state: 'known_error',
      rootCause: 'logs never rotated',
      workaround: 'logrotate -f /etc/logrotate.d/app',
    });
    expect(known.statusCode).toBe(200);
    expect(known.json()).toMatchObject({
      state: 'known_error',
      rootCause: 'logs never rotated',
      workaround: 'logrotate -f /etc/logrotate.d/app',
    });
    expect((await patch({ workaround: null })).json().workaround).toBeNull();
    expect((await patch({ state: 'resolved' })).json().state).toBe('resolved');
    expect((await patch({ state: 'closed' })).json().state).toBe('closed');
    expect(await c.store.getProblem('PRB-000001')).toMatchObject({ state: 'closed', version: 5 });
  });

  it('refuses invalid transitions with 409 and stores nothing', async () => {
    await recurringFailure();
    await patch({ state: 'known_error', rootCause: 'logs never rotated' });
    const before = await c.store.getProblem('PRB-000001');
    const back = await patch({ state: 'open', rootCause: 'something else' });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('VIGIL_ERR_PROBLEM_TRANSITION');
    const skip = await patch({ state: 'closed' });
    expect(skip.statusCode).toBe(409);
    expect(await c.store.getProblem('PRB-000001')).toEqual(before);

    await patch({ state: 'resolved' });
    await patch({ state: 'closed' });
    const closed = await c.store.getProblem('PRB-000001');
    const edit = await patch({ workaround: 'too late' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('VIGIL_ERR_PROBLEM_TRANSITION');
    expect(await c.store.getProblem('PRB-000001')).toEqual(closed);
  });

  it('refuses bad bodies with VIGIL_ERR_VALIDATION and stores nothing', async () => {
    await recurringFailure();
    const before = await c.store.getProblem('PRB-000001');
    for (const body of [
      {},
      { state: 'fixed' },
      { rootCause: '' },
      { rootCause: 42 },
      { workaround: 'x', extra: true },
    ]) {
      const res = await patch(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VIGIL_ERR_VALIDATION');
    }
    expect(await c.store.getProblem('PRB-000001')).toEqual(before);
  });

  it('needs a viewer to read and an operator to update', async () => {
    await recurringFailure();
    expect((await c.app.inject({ url: '/api/v1/problems' })).statusCode).toBe(401);
    const res = await patch({ rootCause: 'x' }, 'viewer');
    expect(res.statusCode).toBe(403);
    expect((await c.store.getProblem('PRB-000001'))?.rootCause).toBeNull();
  });

  it('rejects a malformed id and state filter', async () => {
    const bad = await c.app.inject({ url: '/api/v1/problems/INC-000001', headers: bearer('viewer') });
    expect(bad.statusCode).toBe(400);
    const state = await c.app.inject({ url: '/api/v1/problems?state=fixed', headers: bearer('viewer') });
    expect(state.statusCode).toBe(400);
  });

  it('reports problems in /metrics and the OpenAPI document', async () => {
    await recurringFailure();
    await patch({ state: 'known_error' });
    const metrics = await c.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('vigil_problems_open{state="known_error"} 1');
    expect(metrics.body).toContain('vigil_problems_opened_total 1');
    const openapi = (await c.app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(openapi.paths['/api/v1/problems/{id}'])).toEqual(['get', 'patch']);
    expect(openapi.paths['/api/v1/problems']).toHaveProperty('get');
  });
});
