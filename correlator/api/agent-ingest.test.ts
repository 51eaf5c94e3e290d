import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, event, TEST_TOKENS } from '../../test/support/correlator-fixture.js';
import { ManualClock } from '../clock/clock.js';
import { type Correlator, createCorrelator } from '../correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/policy.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

const LIMIT = 256 * 1024;

/** A correlator with a small body limit and two registration rules. */
async function correlator(): Promise<Correlator> {
  const c = await createCorrelator({
    store: new SqliteStore({ path: ':memory:' }),
    policy: DEFAULT_INCIDENT_POLICY,
    tokens: Object.entries(TEST_TOKENS).map(([role, token]) => ({
      name: `test-${role}`,
      role: role as keyof typeof TEST_TOKENS,
      token,
    })),
    limits: { bodyBytes: LIMIT, batchEvents: 5000 },
    metricsAuth: false,
    clock: new ManualClock(),
    processMetrics: false,
    registration: [
      {
        name: 'web',
        match: { hostname: 'web-*' },
        groups: ['web-ops'],
        services: ['shop'],
        labels: { tier: 'front' },
      },
      {
        name: 'prod',
        match: { labels: { env: 'prod' } },
        groups: ['web-ops', 'system-admins'],
        services: [],
        labels: { tier: 'prod-front', pager: 'yes' },
      },
    ],
  });
  c.setReady(true);
  return c;
}

const observation = (overrides: Record<string, unknown> = {}) => ({
  source: 'agent',
  observedAt: 1_767_225_600_000,
  cis: [
    {
      ref: 'host',
      class: 'host',
      name: 'web-1',
      identifiers: { hostname: 'web-1' },
      attributes: { os: 'debian' },
    },
    {
      ref: 'fs:/',
      class: 'filesystem',
      name: '/',
      identifiers: { mount: '/' },
      attributes: { sizeBytes: 1 },
    },
  ],
  relations: [{ from: 'host', to: 'fs:/', type: 'contains' }],
  ...overrides,
});

describe('agent ingest: gzip bodies, observations, registration', () => {
  let c: Correlator;
  beforeEach(async () => {
    c = await correlator();
  });
  afterEach(async () => {
    await c.app.close();
  });

  const post = (url: string, payload: Buffer | string, headers: Record<string, string> = {}) =>
    c.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...bearer('agent'), ...headers },
    });

  it('accepts a gzip-compressed event batch from the agent token', async () => {
    const body = gzipSync(JSON.stringify({ events: [event({ id: 'a-1' }), event({ id: 'a-2' })] }));
    const res = await post('/api/v1/events', body, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(202);
    expect(res.json().accepted).toBe(2);
    expect(await c.store.countEvents()).toBe(2);
  });

  it('refuses corrupt gzip (400), other encodings (415) and a zip bomb past the limit (413), storing nothing', async () => {
    const good = gzipSync(JSON.stringify({ events: [event()] }));
    const corrupt = Buffer.from(good);
    corrupt.fill(0x41, 12, 30);
    const cases: Array<[Buffer, string, number, string]> = [
      [corrupt, 'gzip', 400, 'VIGIL_ERR_BAD_REQUEST'],
      [good.subarray(0, good.length - 9), 'gzip', 400, 'VIGIL_ERR_BAD_REQUEST'],
      [deflateSync(JSON.stringify({ events: [event()] })), 'deflate', 415, 'VIGIL_ERR_UNSUPPORTED_ENCODING'],
      [gzipSync(Buffer.alloc(LIMIT * 40, 0x20)), 'gzip', 413, 'VIGIL_ERR_BODY_TOO_LARGE'],
    ];
    for (const [body, encoding, status, code] of cases) {
      const res = await post('/api/v1/events', body, { 'content-encoding': encoding });
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await c.store.countEvents()).toBe(0);
  });

  it('reconciles an observation batch into the CMDB', async () => {
    const res = await post('/api/v1/observations', gzipSync(JSON.stringify(observation())), {
      'content-encoding': 'gzip',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ created: 2, updated: 0 });
    const hostId = res.json().ids.host as string;
    expect((await c.store.getCi(hostId))?.name).toBe('web-1');
    expect(await c.store.relationsOf(hostId)).toHaveLength(1);
  });

  it('rejects malformed and hostile observation batches without touching the CMDB', async () => {
    const bad = [
      observation({ cis: [] }),
      observation({ source: 'a b' }),
      observation({ observedAt: '1767225600000' }),
      observation({ extra: 1 }),
      observation({ relations: [{ from: 'host', to: 'nope', type: 'contains' }] }),
      observation({ relations: [{ from: 'host', to: 'fs:/', type: 'owns' }] }),
      observation({
        cis: [
          { ref: 'x', class: 'host', name: 'a', identifiers: {}, attributes: {} },
          { ref: 'x', class: 'host', name: 'b', identifiers: {}, attributes: {} },
        ],
      }),
      observation({ cis: [{ ref: 'x', class: 'toaster', name: 'a', identifiers: {}, attributes: {} }] }),
      observation({
        cis: [{ ref: 'x', class: 'host', name: 'a'.repeat(257), identifiers: {}, attributes: {} }],
      }),
      observation({ cis: [{ ref: 'x', class: 'host', name: 'a', identifiers: { h: 1 }, attributes: {} }] }),
    ];
    for (const body of bad) {
      const res = await post('/api/v1/observations', JSON.stringify(body));
      expect(res.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(res.json().error.code).toBe('VIGIL_ERR_VALIDATION');
    }
    const proto = await post('/api/v1/observations', '{"__proto__":{"x":1},"source":"a"}');
    expect(proto.statusCode).toBe(400);
    expect(await c.store.ciCounts()).toEqual([]);
  });

  it('needs an ingest token for observations and registration', async () => {
    for (const url of ['/api/v1/observations', '/api/v1/agents/register']) {
      expect((await post(url, '{}', { authorization: '' })).statusCode).toBe(401);
      expect((await post(url, '{}', bearer('viewer'))).statusCode).toBe(403);
    }
  });

  it('places a registering agent by the rules and records its host, idempotently', async () => {
    const announce = {
      hostname: 'web-7',
      labels: { env: 'prod' },
      metadata: { os: 'linux', agentVersion: '0.1.0' },
    };
    const first = await post('/api/v1/agents/register', JSON.stringify(announce));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      rules: ['web', 'prod'],
      groups: ['web-ops', 'system-admins'],
      services: ['shop'],
      labels: { env: 'prod', tier: 'prod-front', pager: 'yes' },
    });
    const again = await post('/api/v1/agents/register', JSON.stringify(announce));
    expect(again.json().ciId).toBe(first.json().ciId);
    const host = (await c.store.getCi(first.json().ciId))!;
    expect(host.attributes.assignmentGroups?.value).toEqual(['web-ops', 'system-admins']);
    expect(host.attributes.agent?.value).toEqual({ os: 'linux', agentVersion: '0.1.0' });
    const shop = await c.store.findCisByName('shop');
    expect(shop.map((s) => s.class)).toEqual(['service']);
    expect(await c.store.dependentsOf(host.id, 3, 10)).toEqual([shop[0]!.id]);

    const other = await post(
      '/api/v1/agents/register',
      JSON.stringify({ ...announce, hostname: 'db-1', labels: {} }),
    );
    expect(other.json()).toMatchObject({ rules: [], groups: [], services: [] });
  });

  it('rejects hostile registrations', async () => {
    for (const body of [
      { hostname: '', labels: {}, metadata: {} },
      { hostname: '../etc', labels: {}, metadata: {} },
      { hostname: 'a', labels: { x: 1 }, metadata: {} },
      { hostname: 'a', labels: {}, metadata: { os: 'x'.repeat(300) } },
      { hostname: 'a', labels: {}, metadata: {}, admin: true },
    ]) {
      const res = await post('/api/v1/agents/register', JSON.stringify(body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});
