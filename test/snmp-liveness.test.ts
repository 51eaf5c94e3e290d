import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { snmpLivenessSink } from '../bin/snmp-liveness.js';
import { SnmpClientPool } from '../collector/snmp/client-pool.js';
import { SnmpMonitor, type SnmpTarget } from '../collector/snmp/snmp-monitor.js';
import { ciSubject, serviceSubject } from '../correlator/store/sla-store.js';
import { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { testCorrelator } from './support/correlator-fixture.js';
import { type RunningDaemon, SNMPD_V2C, startSnmpd } from './support/snmp-daemons.js';

// This file owns 127.6.1.0/24 of the engineer's loopback range.
const HOST = '127.6.1.1';
const PORT = 161;
const M = 60_000;

let daemon: RunningDaemon | undefined;
beforeAll(async () => {
  daemon = await startSnmpd(HOST, PORT);
}, 30_000);
afterAll(async () => {
  await daemon?.stop();
});

describe('SNMP liveness against a real snmpd', () => {
  let c: Awaited<ReturnType<typeof testCorrelator>>;
  let monitor: SnmpMonitor;
  afterEach(async () => {
    await monitor?.stop();
    await c?.app.close();
    await c?.store.close();
  });

  it('a device that stops answering goes down from its first failed poll after 3 failures, and comes back up', async () => {
    c = await testCorrelator({
      services: [
        {
          name: 'core-network',
          selectors: [{ class: 'network_device' }],
          rollup: { kind: 'any' },
          sla: null,
          maintenance: [],
        },
      ],
    });
    const target: SnmpTarget = {
      host: HOST,
      port: PORT,
      credential: SNMPD_V2C,
      intervalMs: M,
      tuning: { timeoutMs: 400, retries: 0 },
      tables: { hostResources: false, sensors: false },
    };
    const errors: unknown[] = [];
    monitor = new SnmpMonitor([target], {
      pool: new SnmpClientPool({ concurrency: 1 }),
      evaluator: new ThresholdEvaluator([], { intervalMs: M, source: 'snmp' }),
      sinks: {
        onEvents: async (events) => {
          await c.pipeline.ingest(events);
        },
        onObservations: async (batch) => {
          await c.cmdb.observe(batch);
        },
        onError: (_t, error) => errors.push(error),
        onPoll: snmpLivenessSink(c.liveness, 3),
      },
      clock: c.clock,
    });
    const metric = async (name: string) => {
      const body = (await c.app.inject({ url: '/metrics' })).body;
      return body
        .split('\n')
        .find((l) => l.startsWith(name))
        ?.split(' ')[1];
    };

    await monitor.pollOnce(target);
    expect(errors).toEqual([]);
    const [device] = (await c.store.listCis({ class: 'network_device', limit: 10 })).items;
    expect(device).toMatchObject({ name: 'vigil-test-snmpd', identifiers: { managementAddress: HOST } });
    await c.trackAvailability(true);
    expect(await metric('vigil_ci_up{ci="vigil-test-snmpd",class="network_device"}')).toBe('1');
    expect(await metric('vigil_service_up{service="core-network"}')).toBe('1');

    await daemon!.stop();
    daemon = undefined;
    const firstFailure = c.clock.advance(M);
    await monitor.pollOnce(target);
    c.clock.advance(M);
    await monitor.pollOnce(target);
    await c.trackAvailability();
    expect(errors).toHaveLength(2);
    expect(await metric('vigil_ci_up{ci="vigil-test-snmpd",class="network_device"}')).toBe('1');
    expect(await c.sla!.store.openOutages()).toEqual([]);

    c.clock.advance(M);
    await monitor.pollOnce(target);
    await c.trackAvailability();
    expect(await metric('vigil_ci_up{ci="vigil-test-snmpd",class="network_device"}')).toBe('0');
    expect(await metric('vigil_service_up{service="core-network"}')).toBe('0');
    const subjects = [ciSubject(device!.id), serviceSubject('core-network')];
    expect(await c.sla!.store.outagesBetween(subjects, 0, Number.MAX_SAFE_INTEGER)).toEqual([
      { subject: ciSubject(device!.id), start: firstFailure, end: null },
      { subject: serviceSubject('core-network'), start: firstFailure, end: null },
    ]);

    daemon = await startSnmpd(HOST, PORT);
    const recovered = c.clock.advance(M);
    await monitor.pollOnce(target);
    await c.trackAvailability();
    expect(errors).toHaveLength(3);
    expect(await metric('vigil_ci_up{ci="vigil-test-snmpd",class="network_device"}')).toBe('1');
    expect(await metric('vigil_service_up{service="core-network"}')).toBe('1');
    expect(await c.sla!.store.outagesBetween(subjects, 0, Number.MAX_SAFE_INTEGER)).toEqual([
      { subject: ciSubject(device!.id), start: firstFailure, end: recovered },
      { subject: serviceSubject('core-network'), start: firstFailure, end: recovered },
    ]);
  }, 60_000);
});
