import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, testCorrelator } from '../../test/support/correlator-fixture.js';
import type { CiObservation } from '../model/observation.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;
const HOUR = 3_600_000;

const svc = (name: string): CiObservation => ({
  ref: name,
  class: 'application',
  name,
  identifiers: { name },
  attributes: {},
});

/** db-host <- postgres <- api-1, api-2 <- shop (runs_on / depends_on chain), plus an unrelated web host. */
async function seed(): Promise<Map<string, string>> {
  const result = await c.cmdb.observe({
    source: 'ssh',
    observedAt: c.clock.now(),
    cis: [
      {
        ref: 'db',
        class: 'host',
        name: 'db-1',
        identifiers: { serial: 'DB1' },
        attributes: { os: 'Debian 12', cpus: 16 },
      },
      {
        ref: 'web',
        class: 'host',
        name: '=HYPERLINK("http://x")',
        identifiers: { serial: 'W1' },
        attributes: {},
      },
      svc('postgres'),
      svc('api-1'),
      svc('api-2'),
      svc('shop'),
    ],
    relations: [
      { from: 'postgres', to: 'db', type: 'runs_on' },
      { from: 'api-1', to: 'postgres', type: 'depends_on' },
      { from: 'api-2', to: 'postgres', type: 'depends_on' },
      { from: 'shop', to: 'api-1', type: 'depends_on' },
    ],
  });
  return result.ids;
}

beforeEach(async () => {
  c = await testCorrelator({ policy: { impactThresholds: { global: 4, department: 2 } } });
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const get = (url: string, role: 'viewer' | 'admin' = 'viewer') =>
  c.app.inject({ url, headers: bearer(role) });
const send = (
  method: 'POST' | 'PATCH',
  url: string,
  payload: unknown,
  role: 'admin' | 'operator' = 'admin',
) => c.app.inject({ method, url, headers: bearer(role), payload: payload as object });

describe('CMDB API', () => {
  it('impact: every transitive dependent and the impact level by the configured thresholds', async () => {
    const ids = await seed();
    const db = await get(`/api/v1/cis/${ids.get('db')}/impact`);
    expect(db.statusCode).toBe(200);
    expect(db.json()).toMatchObject({ impact: 'global', count: 4, truncated: false });
    expect(
      db
        .json()
        .dependents.map((d: { name: string }) => d.name)
        .sort(),
    ).toEqual(['api-1', 'api-2', 'postgres', 'shop']);
    expect((await get(`/api/v1/cis/${ids.get('api-1')}/impact`)).json()).toMatchObject({
      impact: 'local',
      count: 1,
    });
    expect((await get(`/api/v1/cis/${ids.get('postgres')}/impact`)).json()).toMatchObject({
      impact: 'department',
      count: 3,
    });
    expect((await get('/api/v1/cis/CI-999999/impact')).json().error.code).toBe('VIGIL_ERR_NOT_FOUND');
    expect((await get('/api/v1/cis/nope/impact')).json().error.code).toBe('VIGIL_ERR_VALIDATION');
  });

  it('incidents on a CI take their impact from its dependents', async () => {
    await seed();
    const res = await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: {
        events: [
          { source: 'host', resource: 'db-1', check: 'host.down', severity: 'critical', status: 'firing' },
        ],
      },
    });
    expect(res.statusCode).toBe(202);
    const incidents = (await get('/api/v1/incidents')).json().items;
    expect(incidents[0]).toMatchObject({ impact: 'global', priority: 'P1' });
  });

  it('manual create (admin only), then update with precedence, state and history', async () => {
    expect(
      (await send('POST', '/api/v1/cis', { class: 'application', name: 'crm' }, 'operator')).statusCode,
    ).toBe(403);
    const created = await send('POST', '/api/v1/cis', {
      class: 'application',
      name: 'crm',
      identifiers: { name: 'crm' },
      attributes: { owner: 'sales-it', tags: ['tier-1'] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      class: 'application',
      name: 'crm',
      sources: ['api'],
      attributes: { owner: 'sales-it' },
    });

    // Posting the same identity again updates it instead of duplicating.
    const again = await send('POST', '/api/v1/cis', {
      class: 'application',
      name: 'crm',
      identifiers: { name: 'crm' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);

    c.clock.advance(HOUR);
    const patched = await send('PATCH', `/api/v1/cis/${id}`, {
      attributes: { owner: 'crm-team' },
      state: 'retired',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ state: 'retired', attributes: { owner: 'crm-team' } });
    const detail = (await get(`/api/v1/cis/${id}`)).json();
    expect(detail.history.slice(0, 2)).toMatchObject([
      { attribute: '@state', oldValue: 'active', newValue: 'retired', source: 'api' },
      { attribute: 'owner', oldValue: 'sales-it', newValue: 'crm-team', source: 'api', applied: true },
    ]);
    const hostile = await send('POST', '/api/v1/cis', {
      class: 'application',
      name: 'x',
      identifiers: { 'name<script>': 'x' },
    });
    expect(hostile.json().error.code).toBe('VIGIL_ERR_CI_INVALID');
  });

  it('a manual value outranks discovery until changed by hand', async () => {
    const ids = await seed();
    const id = ids.get('db')!;
    expect(
      (await send('PATCH', `/api/v1/cis/${id}`, { attributes: { os: 'Debian 12 (golden image)' } }))
        .statusCode,
    ).toBe(200);
    await c.cmdb.observe({
      source: 'ssh',
      observedAt: c.clock.advance(HOUR),
      cis: [
        {
          ref: 'db',
          class: 'host',
          name: 'db-1',
          identifiers: { serial: 'DB1' },
          attributes: { os: 'Debian 13' },
        },
      ],
      relations: [],
    });
    const detail = (await get(`/api/v1/cis/${id}`)).json();
    expect(detail.attributes.os).toBe('Debian 12 (golden image)');
    expect(detail.attributeSources.os.source).toBe('api');
    expect(detail.history[0]).toMatchObject({
      attribute: 'os',
      newValue: 'Debian 13',
      source: 'ssh',
      applied: false,
    });
  });

  it('rejects wrongly typed, oversized and hostile manual edits and stores nothing', async () => {
    const ids = await seed();
    const id = ids.get('db')!;
    const before = (await get(`/api/v1/cis/${id}`)).json();
    const cases: Array<[unknown, string]> = [
      [{ attributes: { cpus: 'eight' } }, 'VIGIL_ERR_CI_ATTRIBUTE_TYPE'],
      [{ attributes: { cpus: 2.5 } }, 'VIGIL_ERR_CI_ATTRIBUTE_TYPE'],
      [{ attributes: { os: 12 } }, 'VIGIL_ERR_CI_ATTRIBUTE_TYPE'],
      [{ attributes: { owner: { nested: true } } }, 'VIGIL_ERR_CI_ATTRIBUTE_TYPE'],
      [{ attributes: { big: 'x'.repeat(20_000) } }, 'VIGIL_ERR_CI_INVALID'],
      [{ attributes: { 'bad name!': 1 } }, 'VIGIL_ERR_CI_INVALID'],
      [{ state: 'exploded' }, 'VIGIL_ERR_VALIDATION'],
      [{ name: '' }, 'VIGIL_ERR_VALIDATION'],
      [{ name: 42 }, 'VIGIL_ERR_VALIDATION'],
      [{}, 'VIGIL_ERR_VALIDATION'],
      [{ id: 'CI-000001' }, 'VIGIL_ERR_VALIDATION'],
    ];
    for (const [payload, code] of cases) {
      const res = await send('PATCH', `/api/v1/cis/${id}`, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    const typed = await send('PATCH', `/api/v1/cis/${id}`, { attributes: { cpus: 'eight' } });
    expect(typed.json().error.message).toContain('"cpus" of a host must be a whole number (got string)');
    // Stored types count for attributes nobody declared.
    await send('PATCH', `/api/v1/cis/${id}`, { attributes: { rackUnits: 2 } });
    expect(
      (await send('PATCH', `/api/v1/cis/${id}`, { attributes: { rackUnits: 'two' } })).json().error.code,
    ).toBe('VIGIL_ERR_CI_ATTRIBUTE_TYPE');
    const after = (await get(`/api/v1/cis/${id}`)).json();
    expect(after.attributes).toEqual({ ...before.attributes, rackUnits: 2 });
    expect((await send('POST', '/api/v1/cis', { class: 'filesystem', name: '/var' })).json().error.code).toBe(
      'VIGIL_ERR_CI_INVALID',
    );
    expect((await send('POST', '/api/v1/cis', { class: 'router', name: 'x' })).json().error.code).toBe(
      'VIGIL_ERR_VALIDATION',
    );
    expect((await send('PATCH', '/api/v1/cis/CI-999999', { name: 'x' })).json().error.code).toBe(
      'VIGIL_ERR_NOT_FOUND',
    );
  });

  it('exports JSON and CSV (formula-safe, RFC 4180 quoting), filtered by class', async () => {
    await seed();
    const json = await get('/api/v1/cis/export?class=host');
    expect(json.statusCode).toBe(200);
    expect(json.json().items.map((i: { name: string }) => i.name)).toEqual([
      'db-1',
      '=HYPERLINK("http://x")',
    ]);
    const csv = await get('/api/v1/cis/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('id,class,name,state,parentId,sources,firstSeen,lastSeen,identifiers,attributes');
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines[1]).toContain('"{""os"":""Debian 12"",""cpus"":16}"');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect((await get('/api/v1/cis/export?format=xml')).json().error.code).toBe('VIGIL_ERR_VALIDATION');
  });
});
