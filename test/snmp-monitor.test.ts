import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfiguredRules } from '../bin/rule-sources.js';
import { SnmpClient } from '../collector/snmp/client.js';
import { SnmpClientPool } from '../collector/snmp/client-pool.js';
import { INTERFACE_POLL_COLUMNS, mapInterfaces } from '../collector/snmp/map-interfaces.js';
import { OIDS } from '../collector/snmp/oids.js';
import { SnmpMonitor, type SnmpTarget } from '../collector/snmp/snmp-monitor.js';
import { ManualClock } from '../correlator/clock/clock.js';
import type { NativeEvent } from '../correlator/model/event.js';
import type { ObservationBatch } from '../correlator/model/observation.js';
import { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { type RunningDaemon, startSnmpsim } from './support/snmp-daemons.js';

// This file owns 127.4.5.0/24 of the engineer's loopback range.
const HOST = '127.4.5.1';
let sim: RunningDaemon;

beforeAll(async () => {
  const cisco = gunzipSync(
    readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
  ).toString();
  sim = await startSnmpsim({ lab: cisco }, [{ host: HOST, port: 161 }], 'lab');
}, 120_000);
afterAll(async () => {
  await sim?.stop();
});

describe('SnmpMonitor polling snmpsim with the shipped snmp rules', () => {
  it('inventories the device, and raises interface-down only for admin-up ports after the rule delay', async () => {
    const rules = await loadConfiguredRules([{ kind: 'builtin', name: 'snmp', spec: 'builtin:snmp' }]);
    const clock = new ManualClock();
    const events: NativeEvent[] = [];
    const batches: ObservationBatch[] = [];
    const errors: unknown[] = [];
    const target: SnmpTarget = {
      host: HOST,
      port: 161,
      credential: { name: 'lab', version: '2c', community: 'lab' },
      intervalMs: 60_000,
      tables: { hostResources: false, sensors: true },
    };
    const monitor = new SnmpMonitor([target], {
      pool: new SnmpClientPool({ concurrency: 4 }),
      evaluator: new ThresholdEvaluator(rules.thresholds, { intervalMs: 60_000, source: 'snmp' }),
      sinks: {
        onEvents: async (e) => {
          events.push(...e);
        },
        onObservations: async (b) => {
          batches.push(b);
        },
        onError: (_t, e) => errors.push(e),
      },
      clock,
    });
    try {
      await monitor.pollOnce(target);
      expect(errors).toEqual([]);
      expect(batches).toHaveLength(1);
      expect(batches[0]!.cis[0]).toMatchObject({ class: 'network_device', name: 'Profiler3750' });
      expect(events).toEqual([]);
      clock.advance(60_000);
      await monitor.pollOnce(target);
      clock.advance(60_000);
      await monitor.pollOnce(target);
      expect(batches).toHaveLength(1);
      const down = events.filter((e) => e.check === 'interface.oper_status' && e.status === 'firing');
      expect(down.length).toBeGreaterThan(0);
      expect(down[0]).toMatchObject({ source: 'snmp', resource: 'Profiler3750', severity: 'major' });
    } finally {
      await monitor.stop();
    }
  });
});

describe('polling only the interface columns, side by side', () => {
  it('maps to the same interface rows as whole walks of ifTable and ifXTable', async () => {
    const credential = { name: 'lab', version: '2c' as const, community: 'lab' };
    const client = new SnmpClient({ host: HOST, port: 161 }, credential, { maxRepetitions: 25 });
    try {
      const whole = mapInterfaces([
        ...(await client.walk(OIDS.ifEntry)),
        ...(await client.walk(OIDS.ifXEntry)),
      ]);
      const columns = mapInterfaces(await client.walkColumns(INTERFACE_POLL_COLUMNS));
      expect(whole.length).toBeGreaterThan(50);
      expect(columns).toEqual(whole);
    } finally {
      client.close();
    }
  }, 60_000);
});
