import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCi, T0 } from '../../../test/support/records.js';
import { ciSearchKeys } from '../../cmdb/search-keys.js';
import type { CiRecord } from '../../model/records.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-ci-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const attr = (value: CiRecord['attributes'][string]['value']) => ({ value, source: 'snmp', at: T0 });

/** CIs as a version-5 store wrote them: no search keys, no source rows. */
const legacy: CiRecord[] = [
  makeCi({
    id: 'CI-000001',
    name: 'Web-01',
    state: 'active',
    sources: ['host', 'ssh'],
    identifiers: {
      serial: 'SN-ABC123',
      uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d31',
      macs: '00:1a:2b:3c:4d:5e,00:1a:2b:3c:4d:5f',
      fqdn: 'web-01.example.com',
      hostname: 'web-01',
      ifIndex: '7',
    },
    attributes: { sshAddress: attr('10.0.0.11'), os: attr('Debian 12') },
    version: 3,
  }),
  makeCi({
    id: 'CI-000002',
    class: 'network_device',
    name: 'CORE-SW1',
    state: 'retired',
    sources: ['snmp'],
    identifiers: {
      sysName: 'core-sw1',
      'sysName+sysObjectID': 'core-sw1|1.3.6.1.4.1.9',
      managementAddress: '10.0.0.1',
    },
    attributes: { addresses: attr(['10.0.0.1', '192.168.1.1']), managementAddress: attr('10.0.0.1') },
    version: 1,
  }),
];

function writeVersion5(path: string): void {
  const db = new Database(path);
  for (const m of MIGRATIONS.filter((m) => m.version <= 5)) db.exec(m.sql);
  db.pragma('user_version = 5');
  const insert = db.prepare(
    'INSERT INTO cis(id, seq, class, name, state, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const ci of legacy)
    insert.run(ci.id, Number(ci.id.slice(3)), ci.class, ci.name, ci.state, ci.version, JSON.stringify(ci));
  db.close();
}

describe('migration 6: CI list filters on a store written before them', () => {
  it('backfills the same search keys and sources the store writes, so old CIs are found', async () => {
    const path = join(dir, 'v5.db');
    writeVersion5(path);
    const store = new SqliteStore({ path });
    try {
      const db = new Database(path, { readonly: true });
      const keysOf = (seq: number) =>
        (
          db.prepare('SELECT key FROM ci_search WHERE seq = ? ORDER BY key').all(seq) as Array<{
            key: string;
          }>
        ).map((r) => r.key);
      for (const ci of legacy) expect(keysOf(Number(ci.id.slice(3)))).toEqual(ciSearchKeys(ci).sort());
      db.close();
      const ids = async (query: Parameters<SqliteStore['listCis']>[0]) =>
        (await store.listCis(query)).items.map((c) => c.id);
      expect(await ids({ q: '00-1A-2B-3C-4D-5F', limit: 10 })).toEqual(['CI-000001']);
      expect(await ids({ q: '192.168', limit: 10 })).toEqual(['CI-000002']);
      expect(await ids({ q: 'core', limit: 10 })).toEqual(['CI-000002']);
      expect(await ids({ q: '7', limit: 10 })).toEqual([]);
      expect(await ids({ state: 'retired', limit: 10 })).toEqual(['CI-000002']);
      expect(await ids({ source: 'ssh', limit: 10 })).toEqual(['CI-000001']);
    } finally {
      await store.close();
    }
  });
});
