import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, testCorrelator } from '../../test/support/correlator-fixture.js';

type TestCorrelator = Awaited<ReturnType<typeof testCorrelator>>;
let c: TestCorrelator;

beforeEach(async () => {
  c = await testCorrelator();
  await c.cmdb.observe({
    source: 'host',
    observedAt: c.clock.now(),
    cis: [
      {
        ref: 'web',
        class: 'host',
        name: 'web-01',
        identifiers: {
          serial: 'sn-web01',
          uuid: '4C4C4544-0042-3510-8052-B4C04F4E4D31',
          macs: '00-1A-2B-3C-4D-5E',
          fqdn: 'web-01.prod.example.com',
          hostname: 'web-01',
        },
        attributes: {},
      },
      { ref: 'db', class: 'host', name: 'db-01', identifiers: { serial: 'SN-DB01' }, attributes: {} },
    ],
    relations: [],
  });
  await c.cmdb.observe({
    source: 'snmp',
    observedAt: c.clock.now(),
    cis: [
      {
        ref: 'sw',
        class: 'network_device',
        name: 'core-sw1',
        identifiers: { serial: 'FOC1234X', sysName: 'core-sw1', managementAddress: '10.0.0.1' },
        attributes: { addresses: ['10.0.0.1', '192.168.7.1'], vendor: 'Cisco', ports: 48 },
      },
    ],
    relations: [],
  });
});
afterEach(async () => {
  await c.app.close();
  await c.store.close();
});

const get = (url: string) => c.app.inject({ url, headers: bearer('viewer') });
const names = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((i: { name: string }) => i.name);
};

describe('GET /api/v1/cis filters and search', () => {
  it('filters by state (retired stay queryable), source and class, and searches identifiers', async () => {
    const db = (await get('/api/v1/cis?q=db-01')).json().items[0];
    const patched = await c.app.inject({
      method: 'PATCH',
      url: `/api/v1/cis/${db.id}`,
      headers: bearer('admin'),
      payload: { state: 'retired' },
    });
    expect(patched.statusCode).toBe(200);

    expect(await names('/api/v1/cis?state=retired')).toEqual(['db-01']);
    expect(await names('/api/v1/cis?state=discovered')).toEqual(['web-01', 'core-sw1']);
    expect(await names('/api/v1/cis?source=snmp')).toEqual(['core-sw1']);
    expect(await names('/api/v1/cis?source=host&class=host')).toEqual(['web-01', 'db-01']);
    expect(await names('/api/v1/cis?source=api')).toEqual(['db-01']);
    expect(await names('/api/v1/cis?q=WEB-01.PROD.EXAMPLE.COM')).toEqual(['web-01']);
    expect(await names('/api/v1/cis?q=00:1a:2b:3c:4d:5e')).toEqual(['web-01']);
    expect(await names('/api/v1/cis?q=4c4c4544')).toEqual(['web-01']);
    expect(await names('/api/v1/cis?q=sn-')).toEqual(['web-01', 'db-01']);
    expect(await names('/api/v1/cis?q=sn-&state=retired')).toEqual(['db-01']);
    expect(await names('/api/v1/cis?q=192.168.7.1')).toEqual(['core-sw1']);
    expect(await names('/api/v1/cis?q=%20foc1234x%20')).toEqual(['core-sw1']);
    expect(await names('/api/v1/cis?q=nothing-like-it')).toEqual([]);
    expect(await names('/api/v1/cis?attribute.vendor=Cisco&attribute.ports=48')).toEqual(['core-sw1']);
    expect(await names('/api/v1/cis?attribute.vendor=Cisco&class=host')).toEqual([]);
    expect(await names('/api/v1/cis?attribute.vendor=cisco')).toEqual([]);

    const first = (await get('/api/v1/cis?q=sn-&limit=1')).json();
    expect(first.items.map((i: { name: string }) => i.name)).toEqual(['web-01']);
    expect(await names(`/api/v1/cis?q=sn-&limit=1&cursor=${first.next}`)).toEqual(['db-01']);

    const csv = await get('/api/v1/cis/export?format=csv&state=retired&source=api');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv.body).toContain('db-01');
  });

  it('refuses bad filters with VIGIL_ERR_CI_FILTER naming the parameter, and lists nothing', async () => {
    const cases: Array<[string, string]> = [
      ['class=router', 'class'],
      ['state=deleted', 'state'],
      ['state=', 'state'],
      ['source=a%20b', 'source'],
      [`source=${'s'.repeat(65)}`, 'source'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(257)}`, 'q'],
      ['q=web%00', 'q'],
      ['q=a&q=b', 'q'],
      ['state=active&state=retired', 'state'],
      ['nmae=web', 'nmae'],
      ['class[]=host', 'class[]'],
      ['attribute.=x', 'attribute.'],
      ['attribute.os%22%5D=x', 'attribute.os"]'],
      ['attribute.os=', 'attribute.os'],
      ['attribute.os=a&attribute.os=b', 'attribute.os'],
      [`attribute.os=${'v'.repeat(257)}`, 'attribute.os'],
      ['attribute.a=1&attribute.b=1&attribute.c=1&attribute.d=1&attribute.e=1', 'attribute.*'],
    ];
    for (const [query, parameter] of cases) {
      for (const path of ['/api/v1/cis', '/api/v1/cis/export']) {
        const res = await get(`${path}?${query}`);
        expect(res.statusCode, `${path}?${query}`).toBe(400);
        const { error } = res.json();
        expect(error.code).toBe('VIGIL_ERR_CI_FILTER');
        expect(error.message).toContain(`"${parameter}"`);
      }
    }
    expect((await get('/api/v1/cis?class=router')).json().error.message).toContain('use one of host');
    expect((await get('/api/v1/cis?limit=0')).json().error.code).toBe('VIGIL_ERR_VALIDATION');
    expect((await get('/api/v1/cis?cursor=garbage!')).json().error.code).toBe('VIGIL_ERR_BAD_CURSOR');
  });
});
