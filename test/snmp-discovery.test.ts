import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscoverOptions, discover } from '../bin/commands/discover.js';
import type { DiscoveryReport } from '../collector/discovery/discovery-report.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { type RunningDaemon, startSnmpsim } from './support/snmp-daemons.js';

// This file owns 127.4.2.0/24 of the engineer's loopback range.
const CISCO = '127.4.2.1';
const C2960 = '127.4.2.2';
const SILENT = '127.4.2.9';
const RECORDING = '/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz';

let sims: RunningDaemon[] = [];
let dataDir: string;

beforeAll(async () => {
  const cisco = gunzipSync(readFileSync(RECORDING)).toString('utf8');
  const neighbour = readFileSync(join(import.meta.dirname, 'fixtures', 'c2960x-neighbour.snmprec'), 'utf8');
  sims = await Promise.all([
    startSnmpsim({ lab: cisco }, [{ host: CISCO, port: 161 }], 'lab'),
    startSnmpsim({ lab: neighbour }, [{ host: C2960, port: 161 }], 'lab'),
  ]);
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-discover-'));
}, 120_000);
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    text: () => text,
  };
}

function options(
  targets: string[],
  extra: Partial<DiscoverOptions> = {},
): DiscoverOptions & { captured: () => string } {
  const out = capture();
  return {
    targets,
    snmpCommunity: ['wrong-first', 'lab'],
    concurrency: 8,
    timeoutMs: 400,
    retries: 0,
    maxRepetitions: 25,
    crawl: false,
    json: true,
    dryRun: false,
    dataDir,
    out: out.stream,
    err: capture().stream,
    captured: out.text,
    ...extra,
  };
}

describe('vigil discover against snmpsim serving the Cisco recording and its CDP neighbour', () => {
  it('finds both switches with interfaces, serials and the CDP link confirmed from both ends', async () => {
    const o = options([CISCO, C2960, SILENT], { dryRun: true });
    expect(await discover(o)).toBe(0);
    const report = JSON.parse(o.captured()) as DiscoveryReport;
    expect(report.probed).toBe(3);
    expect(report.silent).toBe(1);
    expect(report.failures).toEqual([]);
    expect(report.written).toBeNull();
    const byName = new Map(report.devices.map((d) => [d.name, d]));
    const cat3750 = byName.get('Profiler3750')!;
    expect(cat3750).toMatchObject({
      address: CISCO,
      vendor: 'Cisco',
      serial: 'CAT0952N20R',
      model: 'WS-C3750-48PS-S',
    });
    expect(cat3750.interfaces).toBeGreaterThan(50);
    expect(cat3750.neighbours).toBe(1);
    expect(byName.get('C2960X.uac.local')).toMatchObject({
      serial: 'FOC1932X0AB',
      interfaces: 3,
      neighbours: 1,
    });
    const device = report.cis.find((c) => c.class === 'network_device' && c.name === 'Profiler3750')!;
    expect(device.identifiers).toMatchObject({
      serial: 'CAT0952N20R',
      'sysName+sysObjectID': 'Profiler3750|1.3.6.1.4.1.9.1.516',
    });
    const serials = (device.attributes as { serials: Array<{ serial: string }> }).serials.map(
      (s) => s.serial,
    );
    expect(serials).toContain('CAT0952N20R');
    expect(report.links).toEqual([
      {
        from: { device: 'C2960X.uac.local', interface: 'Gi1/0/8' },
        to: { device: 'Profiler3750', interface: 'Fa3/0/48' },
        protocols: ['cdp'],
        confirmed: true,
        confidence: 1,
      },
    ]);
    expect(report.relations.filter((r) => r.type === 'connected_to')).toEqual([
      expect.objectContaining({ confidence: 1, source: 'snmp:cdp' }),
    ]);
  });

  it('alone, the 3750 reports its neighbour as not discovered', async () => {
    const o = options([CISCO], { dryRun: true });
    await discover(o);
    const report = JSON.parse(o.captured()) as DiscoveryReport;
    expect(report.links).toEqual([]);
    expect(report.unresolvedNeighbours).toEqual([
      expect.objectContaining({
        device: 'Profiler3750',
        interface: 'Fa3/0/48',
        report: expect.objectContaining({ remoteName: 'C2960X.uac.local', remoteAddress: '10.204.88.10' }),
      }),
    ]);
  });

  it('writes CIs and the connected_to relation into the CMDB, and a second run updates instead of duplicating', async () => {
    const first = options([CISCO, C2960]);
    expect(await discover(first)).toBe(0);
    const r1 = JSON.parse(first.captured()) as DiscoveryReport;
    expect(r1.written!.created).toBeGreaterThan(50);
    const second = options([CISCO, C2960]);
    await discover(second);
    expect((JSON.parse(second.captured()) as DiscoveryReport).written!.created).toBe(0);

    const store = new SqliteStore({ path: join(dataDir, 'vigil.db') });
    try {
      const devices = await store.listCis({ class: 'network_device', limit: 10 });
      expect(devices.items.map((d) => d.name).sort()).toEqual(['C2960X.uac.local', 'Profiler3750']);
      const cat = devices.items.find((d) => d.name === 'Profiler3750')!;
      expect(cat.attributes.serial?.value).toBe('CAT0952N20R');
      const fa = await store.findCiByIdentifier('interface', 'ifIndex', '11048', cat.id);
      expect(fa?.name).toBe('Fa3/0/48');
      const rels = await store.relationsOf(fa!.id);
      const link = rels.find((r) => r.type === 'connected_to')!;
      expect(link).toMatchObject({ confidence: 1, source: 'snmp:cdp' });
      const other = await store.getCi(link.fromId === fa!.id ? link.toId : link.fromId);
      expect(other?.name).toBe('Gi1/0/8');
    } finally {
      await store.close();
    }
  });

  it('prints a table with the link when not --json', async () => {
    const o = options([CISCO, C2960], { json: false, dryRun: true });
    await discover(o);
    const text = o.captured();
    expect(text).toContain('CAT0952N20R');
    expect(text).toMatch(/C2960X\.uac\.local Gi1\/0\/8 .*Profiler3750 Fa3\/0\/48 .*cdp .*confirmed/);
    expect(text).toContain('dry run: nothing written');
  });

  it('nothing answering (wrong community only) exits 1 and writes nothing', async () => {
    const o = options([CISCO], { snmpCommunity: ['nope'], dryRun: false });
    expect(await discover(o)).toBe(1);
    const report = JSON.parse(o.captured()) as DiscoveryReport;
    expect(report.silent).toBe(1);
    expect(report.written).toBeNull();
  });
});
