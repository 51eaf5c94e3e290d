import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CiRecord } from '../correlator/model/records.js';
import type { CiQuery, Store } from '../correlator/store/contract.js';
import { makeCi, T0 } from './support/records.js';

const ciId = (n: number) => `CI-${String(n).padStart(6, '0')}`;
const attr = (value: CiRecord['attributes'][string]['value']) => ({ value, source: 'test', at: T0 });

/** Every page of a CI list, checking each page keeps to the limit. */
async function listAll(store: Store, query: Omit<CiQuery, 'limit' | 'cursor'>, limit: number) {
  const items: CiRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const page = await store.listCis({ ...query, limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (page.next === null) return items.map((c) => c.id);
    expect(page.items).toHaveLength(limit);
    cursor = page.next;
  }
  throw new Error('pagination does not end');
}

/** A small CMDB: hosts, network devices and an interface, in every lifecycle state and source. */
function fixture(): CiRecord[] {
  return [
    makeCi({
      id: ciId(1),
      name: 'Web-01',
      state: 'active',
      sources: ['host', 'ssh'],
      identifiers: {
        serial: 'SN-ABC123',
        uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d31',
        macs: '00:1a:2b:3c:4d:5e,00:1a:2b:3c:4d:5f',
        fqdn: 'web-01.prod.example.com',
        hostname: 'web-01',
      },
      attributes: { sshAddress: attr('10.0.0.11') },
    }),
    makeCi({
      id: ciId(2),
      name: 'web-02',
      state: 'missing',
      sources: ['host'],
      identifiers: { hostname: 'web-02', fqdn: 'web-02.prod.example.com' },
    }),
    makeCi({
      id: ciId(3),
      class: 'network_device',
      name: 'core-sw1',
      state: 'active',
      sources: ['snmp'],
      identifiers: { serial: 'FOC1234X', sysName: 'core-sw1', managementAddress: '10.0.0.1' },
      attributes: { addresses: attr(['10.0.0.1', '192.168.1.1']) },
    }),
    makeCi({
      id: ciId(4),
      name: 'old-db',
      state: 'retired',
      sources: ['api'],
      identifiers: { serial: 'SN-ABC999' },
    }),
    makeCi({
      id: ciId(5),
      class: 'interface',
      name: 'eth0',
      parentId: ciId(1),
      state: 'discovered',
      sources: ['host'],
      identifiers: { ifName: 'eth0', mac: '00:1a:2b:3c:4d:5e' },
      attributes: { ipv4: attr('10.0.0.11') },
    }),
  ];
}

/**
 * The CI list filters and search of the storage contract (`Store.listCis`), run against every
 * store with a factory returning a fresh, empty store.
 */
export function runCiListConformance(name: string, factory: () => Promise<Store>): void {
  describe(`CI list filters and search: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory();
      await store.commitCmdb({ cis: fixture(), relations: [], history: [] });
    });
    afterEach(async () => {
      await store.close();
    });

    it('filters by lifecycle state, retired CIs included when asked for', async () => {
      expect(await listAll(store, { state: 'active' }, 1)).toEqual([ciId(1), ciId(3)]);
      expect(await listAll(store, { state: 'retired' }, 10)).toEqual([ciId(4)]);
      expect(await listAll(store, { state: 'missing' }, 10)).toEqual([ciId(2)]);
      expect(await listAll(store, {}, 2)).toEqual([1, 2, 3, 4, 5].map(ciId));
      expect(await listAll(store, { class: 'host', state: 'active' }, 10)).toEqual([ciId(1)]);
      expect(await listAll(store, { class: 'interface', state: 'active' }, 10)).toEqual([]);
    });

    it('filters by the source that observed the CI, exactly', async () => {
      expect(await listAll(store, { source: 'host' }, 1)).toEqual([ciId(1), ciId(2), ciId(5)]);
      expect(await listAll(store, { source: 'ssh' }, 10)).toEqual([ciId(1)]);
      expect(await listAll(store, { source: 'snmp', class: 'network_device' }, 10)).toEqual([ciId(3)]);
      expect(await listAll(store, { source: 'host', state: 'missing' }, 10)).toEqual([ciId(2)]);
      expect(await listAll(store, { source: 'hos' }, 10)).toEqual([]);
      expect(await listAll(store, { source: 'HOST' }, 10)).toEqual([]);
    });

    it('finds CIs by name, FQDN, serial, system UUID, MAC and address, exactly or by prefix, case-insensitively', async () => {
      const q = (text: string, extra: Omit<CiQuery, 'limit' | 'q'> = {}) =>
        listAll(store, { ...extra, q: text }, 1);
      expect(await q('WEB-01')).toEqual([ciId(1)]);
      expect(await q('web-0')).toEqual([ciId(1), ciId(2)]);
      expect(await q('web-01.prod.example.com')).toEqual([ciId(1)]);
      expect(await q('web-02.PROD')).toEqual([ciId(2)]);
      expect(await q('sn-abc')).toEqual([ciId(1), ciId(4)]);
      expect(await q('sn-abc', { state: 'retired' })).toEqual([ciId(4)]);
      expect(await q('foc1234x')).toEqual([ciId(3)]);
      expect(await q('4C4C4544-0042')).toEqual([ciId(1)]);
      // A MAC in any notation; the host (MAC set) and its interface both carry it.
      expect(await q('00-1A-2B-3C-4D-5E')).toEqual([ciId(1), ciId(5)]);
      expect(await q('001a.2b3c.4d5f')).toEqual([ciId(1)]);
      expect(await q('00:1a:2b:3c:4d')).toEqual([ciId(1), ciId(5)]);
      expect(await q('10.0.0.1')).toEqual([ciId(1), ciId(3), ciId(5)]);
      expect(await q('10.0.0.11', { class: 'interface' })).toEqual([ciId(5)]);
      expect(await q('192.168.1.1')).toEqual([ciId(3)]);
      // Prefix, not substring; wildcard characters are literal.
      expect(await q('prod.example.com')).toEqual([]);
      expect(await q('%')).toEqual([]);
      expect(await q('web_')).toEqual([]);
      expect(await q('zzz')).toEqual([]);
    });

    it('follows a CI whose state, sources and identifiers change, and forgets the old values', async () => {
      const [web] = (await store.listCis({ q: 'web-01', limit: 1 })).items;
      await store.commitCmdb({
        cis: [
          {
            ...web!,
            name: 'web-01-renamed',
            state: 'retired',
            sources: ['api'],
            identifiers: { serial: 'SN-NEW1' },
            attributes: {},
          },
        ],
        relations: [],
        history: [],
      });
      expect(await listAll(store, { state: 'retired' }, 10)).toEqual([ciId(1), ciId(4)]);
      expect(await listAll(store, { state: 'active' }, 10)).toEqual([ciId(3)]);
      expect(await listAll(store, { source: 'ssh' }, 10)).toEqual([]);
      expect(await listAll(store, { source: 'api' }, 10)).toEqual([ciId(1), ciId(4)]);
      expect(await listAll(store, { q: 'sn-abc123' }, 10)).toEqual([]);
      expect(await listAll(store, { q: 'web-01.prod' }, 10)).toEqual([]);
      expect(await listAll(store, { q: 'sn-new' }, 10)).toEqual([ciId(1)]);
      expect(await listAll(store, { q: 'web-01' }, 10)).toEqual([ciId(1)]);
      expect((await store.ciCounts()).find((c) => c.class === 'host' && c.state === 'retired')?.count).toBe(
        2,
      );
    });

    it('filters by attribute values as text (strings, whole numbers, booleans), with the other filters and paging', async () => {
      const typed = (n: number, attributes: Record<string, CiRecord['attributes'][string]['value']>) =>
        makeCi({
          id: ciId(200 + n),
          name: `vm-${n}`,
          state: n === 3 ? 'retired' : 'active',
          attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, attr(v)])),
        });
      await store.commitCmdb({
        cis: [
          typed(1, { os: 'Debian 12', cpus: 8, virtual: true, 'env.tier': 'prod' }),
          typed(2, { os: 'Debian 12', cpus: 16, virtual: false, load: 1.5 }),
          typed(3, { os: 'Debian 12', cpus: 8, tags: ['a', 'b'], nothing: null }),
          typed(4, { os: 'debian 12', cpus: '8' }),
        ],
        relations: [],
        history: [],
      });
      const ids = (attributes: Record<string, string>, extra: Omit<CiQuery, 'limit' | 'attributes'> = {}) =>
        listAll(store, { ...extra, attributes }, 1);
      expect(await ids({ os: 'Debian 12' })).toEqual([ciId(201), ciId(202), ciId(203)]);
      expect(await ids({ cpus: '8' })).toEqual([ciId(201), ciId(203), ciId(204)]);
      expect(await ids({ cpus: '8', os: 'Debian 12' }, { state: 'active' })).toEqual([ciId(201)]);
      expect(await ids({ virtual: 'true' })).toEqual([ciId(201)]);
      expect(await ids({ virtual: 'false' }, { q: 'vm-' })).toEqual([ciId(202)]);
      expect(await ids({ 'env.tier': 'prod' })).toEqual([ciId(201)]);
      // Fractions, lists, null and missing attributes never match; text is compared exactly.
      expect(await ids({ load: '1.5' })).toEqual([]);
      expect(await ids({ tags: 'a' })).toEqual([]);
      expect(await ids({ tags: 'a,b' })).toEqual([]);
      expect(await ids({ nothing: 'null' })).toEqual([]);
      expect(await ids({ missing: 'x' })).toEqual([]);
      expect(await ids({ os: 'debian' })).toEqual([]);
    });

    it('pages a search over many CIs with the cursor, oldest first, each CI once', async () => {
      const many = Array.from({ length: 45 }, (_, i) =>
        makeCi({
          id: ciId(100 + i),
          name: `node-${String(i).padStart(2, '0')}`,
          state: i % 3 === 0 ? 'retired' : 'active',
          sources: i % 2 === 0 ? ['snmp'] : ['ssh', 'snmp'],
          // Both keys of a CI match the prefix: it must still appear once.
          identifiers: { hostname: `node-${i}`, fqdn: `node-${i}.lab` },
        }),
      );
      await store.commitCmdb({ cis: many.slice(20), relations: [], history: [] });
      await store.commitCmdb({ cis: many.slice(0, 20), relations: [], history: [] });
      const ids = many.map((c) => c.id);
      for (const limit of [1, 7, 45, 100]) expect(await listAll(store, { q: 'NODE-' }, limit)).toEqual(ids);
      expect(await listAll(store, { q: 'node-', state: 'retired' }, 4)).toEqual(
        ids.filter((_, i) => i % 3 === 0),
      );
      expect(await listAll(store, { q: 'node-1', source: 'ssh' }, 2)).toEqual(
        ids.filter((_, i) => String(i).startsWith('1') && i % 2 === 1),
      );
      expect(await listAll(store, { source: 'snmp', state: 'active' }, 6)).toEqual([
        ciId(3),
        ...ids.filter((_, i) => i % 3 !== 0),
      ]);
    });
  });
}
