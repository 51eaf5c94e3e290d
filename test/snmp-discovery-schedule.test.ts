// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config text holds a ${env:...} reference literally.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTimers } from '../agent/fake-timers.js';
import { startSnmpRuntime } from '../bin/snmp-runtime.js';
import { loadConfigText } from '../config/load.js';
import { Cmdb } from '../correlator/cmdb/cmdb.js';
import { Liveness } from '../correlator/cmdb/liveness.js';
import { createVigilMetrics } from '../correlator/metrics/vigil-metrics.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { type RunningDaemon, startSnmpsim } from './support/snmp-daemons.js';

// This file owns 127.4.9.0/24 of the engineer's loopback range.
const CISCO = '127.4.9.1';
const C2960 = '127.4.9.2';
const RECORDING = '/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz';

let sims: RunningDaemon[] = [];
let dir: string;

beforeAll(async () => {
  const cisco = gunzipSync(readFileSync(RECORDING)).toString('utf8');
  const neighbour = readFileSync(join(import.meta.dirname, 'fixtures', 'c2960x-neighbour.snmprec'), 'utf8');
  sims = await Promise.all([
    startSnmpsim({ lab: cisco }, [{ host: CISCO, port: 161 }], 'lab'),
    startSnmpsim({ lab: neighbour }, [{ host: C2960, port: 161 }], 'lab'),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'vigil-sweep-'));
}, 120_000);
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scheduled discovery from snmp.discovery against snmpsim', () => {
  it('sweeps the configured range on its schedule into the CMDB, like vigil discover', async () => {
    const config = await loadConfigText(
      [
        'snmp:',
        '  credentials:',
        '    - { name: wrong, version: 2c, community: "${env:WRONG_COMMUNITY}" }',
        '    - { name: lab, version: 2c, community: lab }',
        '  discovery:',
        '    - { name: lab-switches, range: 127.4.9.0/29, credentials: [wrong, lab], every: 6h, timeout: 1s, retries: 0 }',
        '',
      ].join('\n'),
      join(dir, 'vigil.yaml'),
      { env: { WRONG_COMMUNITY: 'not-this-one' } },
    );
    const store = new SqliteStore({ path: join(dir, 'vigil.db') });
    const registry = new Registry();
    const timers = new FakeTimers();
    const start = Date.parse('2026-03-02T00:00:00Z');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const runtime = await startSnmpRuntime({
      config: config.snmp!,
      rules: [],
      ingest: async () => undefined,
      cmdb: new Cmdb(store, createVigilMetrics(new Registry())),
      store,
      registry,
      logger,
      clock: { now: () => start + timers.now },
      liveness: new Liveness({ now: () => start + timers.now }),
      timers,
    });
    try {
      expect(timers.delays).toEqual([0]);
      await timers.fireNext();
      const devices = await store.listCis({ class: 'network_device', limit: 10 });
      expect(devices.items.map((d) => d.name).sort()).toEqual(['C2960X.uac.local', 'Profiler3750']);
      const interfaces = await store.listCis({ class: 'interface', limit: 500 });
      expect(interfaces.items.length).toBeGreaterThan(50);
      const metrics = await registry.metrics();
      expect(metrics).toMatch(/vigil_discovery_sweeps_total\{job="lab-switches",outcome="completed"\} 1/);
      expect(metrics).toMatch(/vigil_discovery_devices\{job="lab-switches"\} 2/);
      const finished = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'discovery sweep finished');
      expect(finished).toMatchObject({
        job: 'lab-switches',
        probed: 6,
        found: 2,
        silent: 4,
        failed: 0,
        links: 1,
      });
      expect(finished.created).toBeGreaterThan(50);
      expect(lines.join('\n')).not.toContain('not-this-one');
      // The next sweep is 6 h after the first started; it finds the same CIs and creates none.
      expect(timers.delays).toEqual([6 * 3_600_000]);
      await timers.fireNext();
      const second = lines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'discovery sweep finished')
        .at(-1);
      expect(second).toMatchObject({ found: 2, created: 0 });
      expect((await store.listCis({ class: 'network_device', limit: 10 })).items).toHaveLength(2);
    } finally {
      await runtime.stop();
      await store.close();
    }
  }, 120_000);
});
