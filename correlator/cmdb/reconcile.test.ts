import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, T0 } from '../../test/support/records.js';
import { ManualClock } from '../clock/clock.js';
import { createVigilMetrics } from '../metrics/vigil-metrics.js';
import type { CiObservation, JsonValue, ObservationBatch } from '../model/observation.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { Cmdb } from './cmdb.js';

const host = (
  identifiers: Record<string, string>,
  attributes: Record<string, JsonValue> = {},
  name = identifiers['hostname'] ?? 'web-1',
): CiObservation => ({ ref: 'host', class: 'host', name, identifiers, attributes });

const fs = (mount: string, attributes: Record<string, JsonValue> = {}): CiObservation => ({
  ref: `fs:${mount}`,
  class: 'filesystem',
  name: mount,
  identifiers: { mount },
  attributes,
});

describe('Cmdb.observe (reconciliation)', () => {
  let store: SqliteStore;
  let registry: Registry;
  let cmdb: Cmdb;
  let clock: ManualClock;

  const batch = (cis: CiObservation[], source = 'host'): ObservationBatch => ({
    source,
    observedAt: clock.now(),
    cis,
    relations: cis
      .filter((c) => c.ref !== 'host')
      .map((c) => ({ from: 'host', to: c.ref, type: 'contains' as const })),
  });
  const allCis = async () => (await store.listCis({ limit: 1000 })).items;

  beforeEach(() => {
    store = new SqliteStore({ path: ':memory:' });
    registry = new Registry();
    cmdb = new Cmdb(store, createVigilMetrics(registry));
    clock = new ManualClock(T0);
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates a host as discovered, then finds the same one and marks it active', async () => {
    const first = await cmdb.observe(
      batch([host({ serial: 'SN1', hostname: 'web-1' }, { os: 'debian 12' })]),
    );
    expect(first).toMatchObject({ created: 1, updated: 0 });
    const id = first.ids.get('host')!;
    expect(await store.getCi(id)).toMatchObject({
      class: 'host',
      name: 'web-1',
      state: 'discovered',
      parentId: null,
      firstSeen: T0,
      lastSeen: T0,
      sources: ['host'],
      attributes: { os: { value: 'debian 12', source: 'host', at: T0 } },
    });

    clock.advance(HOUR);
    const second = await cmdb.observe(
      batch([host({ serial: 'SN1', hostname: 'web-1' }, { os: 'debian 12' })]),
    );
    expect(second).toMatchObject({ created: 0, updated: 1 });
    expect(second.ids.get('host')).toBe(id);
    const ci = await store.getCi(id);
    expect(ci).toMatchObject({ state: 'active', firstSeen: T0, lastSeen: T0 + HOUR });
    // Unchanged attributes keep when and by whom they were set.
    expect(ci!.attributes['os']).toEqual({ value: 'debian 12', source: 'host', at: T0 });
    expect(await allCis()).toHaveLength(1);
  });

  it('records an attribute change in the history with old value, new value and source', async () => {
    const { ids } = await cmdb.observe(
      batch([host({ serial: 'SN1', hostname: 'web-1' }, { os: 'debian 11', cpus: 4 })]),
    );
    const id = ids.get('host')!;
    clock.advance(HOUR);
    await cmdb.observe(
      batch([host({ serial: 'SN1', hostname: 'web-1' }, { os: 'debian 12', cpus: 4 })], 'ssh'),
    );

    const history = await store.ciHistory(id, 10);
    expect(history[0]).toEqual({
      ciId: id,
      attribute: 'os',
      oldValue: 'debian 11',
      newValue: 'debian 12',
      source: 'ssh',
      at: T0 + HOUR,
    });
    // The first sighting recorded the initial values; the unchanged `cpus` added nothing.
    expect(history.map((h) => h.attribute).sort()).toEqual(['cpus', 'os', 'os']);
    const ci = await store.getCi(id);
    expect(ci!.attributes['os']).toEqual({ value: 'debian 12', source: 'ssh', at: T0 + HOUR });
    expect(ci!.sources).toEqual(['host', 'ssh']);
    expect(await registry.metrics()).toContain('vigil_cmdb_changes_total{class="host",source="ssh"} 1');
  });

  it('treats structurally equal attribute values as unchanged', async () => {
    const attrs = { macs: ['aa:bb', 'cc:dd'], cpu: { model: 'x', cores: 8 } };
    const { ids } = await cmdb.observe(batch([host({ serial: 'SN1' }, attrs)]));
    await cmdb.observe(batch([host({ serial: 'SN1' }, structuredClone(attrs))]));
    expect(await store.ciHistory(ids.get('host')!, 10)).toHaveLength(2);
  });

  it('does not duplicate the children of a host (filesystems by mount under their host)', async () => {
    const observe = () =>
      cmdb.observe(batch([fs('/'), host({ serial: 'SN1', hostname: 'web-1' }), fs('/var')]));
    const first = await observe();
    expect(first.created).toBe(3);
    const hostId = first.ids.get('host')!;
    const second = await observe();
    expect(second.created).toBe(0);
    expect(second.ids).toEqual(first.ids);

    const filesystems = (await store.listCis({ class: 'filesystem', limit: 100 })).items;
    expect(filesystems.map((f) => [f.name, f.parentId])).toEqual([
      ['/', hostId],
      ['/var', hostId],
    ]);
    const relations = await store.relationsOf(hostId);
    expect(
      relations
        .filter((r) => r.type === 'contains')
        .map((r) => r.toId)
        .sort(),
    ).toEqual([first.ids.get('fs:/')!, first.ids.get('fs:/var')!].sort());
  });

  it('scopes child identifiers by parent: two hosts each keep their own "/"', async () => {
    const a = await cmdb.observe(batch([host({ serial: 'SN1', hostname: 'web-1' }), fs('/')]));
    const b = await cmdb.observe(batch([host({ serial: 'SN2', hostname: 'web-2' }), fs('/')]));
    expect(b.created).toBe(2);
    expect(b.ids.get('fs:/')).not.toBe(a.ids.get('fs:/'));
    const filesystems = (await store.listCis({ class: 'filesystem', limit: 100 })).items;
    expect(filesystems.map((f) => f.parentId)).toEqual([a.ids.get('host'), b.ids.get('host')]);
  });

  it('keeps two hosts with different serials apart even when they share a hostname (serial wins)', async () => {
    const a = await cmdb.observe(batch([host({ serial: 'SN1', hostname: 'web-1' }, { rack: 'A1' })]));
    const b = await cmdb.observe(batch([host({ serial: 'SN2', hostname: 'web-1' }, { rack: 'B7' })]));
    expect(b.created).toBe(1);
    expect(b.ids.get('host')).not.toBe(a.ids.get('host'));
    const hosts = await allCis();
    expect(hosts.map((h) => [h.identifiers['serial'], h.attributes['rack']?.value])).toEqual([
      ['SN1', 'A1'],
      ['SN2', 'B7'],
    ]);
    // Each is still found by its own serial.
    const again = await cmdb.observe(batch([host({ serial: 'SN1', hostname: 'web-1' })]));
    expect(again.ids.get('host')).toBe(a.ids.get('host'));
  });

  it('keeps two new hosts of one batch apart when they share a name but not a serial', async () => {
    const result = await cmdb.observe({
      source: 'snmp',
      observedAt: T0,
      cis: [
        { ...host({ serial: 'SN1' }, {}, 'web-1'), ref: 'a' },
        { ...host({ serial: 'SN2' }, {}, 'web-1'), ref: 'b' },
        { ...host({}, { note: 'same as a' }, 'web-1'), ref: 'c' },
      ],
      relations: [],
    });
    expect(result.ids.get('a')).not.toBe(result.ids.get('b'));
    expect(result.ids.get('c')).toBe(result.ids.get('a'));
    expect(await allCis()).toHaveLength(2);
  });

  it('renames a host seen again with the same serial under a new hostname', async () => {
    const a = await cmdb.observe(batch([host({ serial: 'SN1', hostname: 'web-1' })]));
    const id = a.ids.get('host')!;
    const b = await cmdb.observe(batch([host({ serial: 'SN1', hostname: 'web-01' })]));
    expect(b).toMatchObject({ created: 0, updated: 1 });
    expect(b.ids.get('host')).toBe(id);
    expect(await store.getCi(id)).toMatchObject({
      name: 'web-01',
      identifiers: { serial: 'SN1', hostname: 'web-01' },
    });
    expect(await allCis()).toHaveLength(1);
    expect((await store.findCisByName('web-01')).map((c) => c.id)).toEqual([id]);
    expect(await store.findCisByName('web-1')).toEqual([]);
    expect((await store.findCiByIdentifier('host', 'hostname', 'web-01', null))?.id).toBe(id);
    expect(await store.findCiByIdentifier('host', 'hostname', 'web-1', null)).toBeNull();
  });

  it('matches a host by a weaker identifier when the stronger ones are absent', async () => {
    const a = await cmdb.observe(batch([host({ hostname: 'lab-1' })]));
    const b = await cmdb.observe(batch([host({ serial: 'SN9', hostname: 'lab-1' }, { os: 'alma 9' })]));
    expect(b.ids.get('host')).toBe(a.ids.get('host'));
    expect(await store.getCi(a.ids.get('host')!)).toMatchObject({
      identifiers: { serial: 'SN9', hostname: 'lab-1' },
    });
  });

  it('links relations between observed CIs by their refs, and skips relations to unknown refs', async () => {
    const result = await cmdb.observe({
      source: 'ssh',
      observedAt: T0,
      cis: [
        host({ serial: 'SN1', hostname: 'web-1' }),
        { ref: 'nginx', class: 'service', name: 'nginx', identifiers: { name: 'nginx' }, attributes: {} },
      ],
      relations: [
        { from: 'nginx', to: 'host', type: 'runs_on' },
        { from: 'ghost', to: 'host', type: 'runs_on' },
      ],
    });
    const relations = await store.relationsOf(result.ids.get('host')!);
    expect(relations).toEqual([
      {
        fromId: result.ids.get('nginx'),
        toId: result.ids.get('host'),
        type: 'runs_on',
        source: 'ssh',
        confidence: 1,
        since: T0,
      },
    ]);
    expect(await store.dependentsOf(result.ids.get('host')!, 6, 100)).toEqual([result.ids.get('nginx')]);
  });
  it('keeps the own confidence of a relation and provenance, clamped to 0..1, and takes the newer one when observed again', async () => {
    const a: CiObservation = {
      ref: 'a',
      class: 'network_device',
      name: 'a',
      identifiers: { sysName: 'a' },
      attributes: {},
    };
    const b: CiObservation = {
      ref: 'b',
      class: 'network_device',
      name: 'b',
      identifiers: { sysName: 'b' },
      attributes: {},
    };
    const link = (confidence: number) => ({
      source: 'snmp',
      observedAt: clock.now(),
      cis: [a, b],
      relations: [{ from: 'a', to: 'b', type: 'connected_to' as const, confidence, source: 'snmp:cdp' }],
    });
    const first = await cmdb.observe(link(0.6));
    const aId = first.ids.get('a')!;
    expect(await store.relationsOf(aId)).toEqual([
      expect.objectContaining({ confidence: 0.6, source: 'snmp:cdp' }),
    ]);
    await cmdb.observe(link(7));
    expect(await store.relationsOf(aId)).toEqual([expect.objectContaining({ confidence: 1 })]);
    await cmdb.observe(link(Number.NaN));
    expect(await store.relationsOf(aId)).toEqual([
      expect.objectContaining({ confidence: 1, since: first.unit.relations[0]!.since }),
    ]);
  });
});
