import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createDiscoveryMetrics } from '../collector/discovery/discovery-metrics.js';
import { fencedCmdb } from '../collector/discovery/fenced-cmdb.js';
import { LeasedDiscovery } from '../collector/discovery/leased-discovery.js';
import type { DiscoveryCmdb } from '../collector/discovery/record-discovery.js';
import type { SnmpConfig } from '../config/types.js';
import type { Clock } from '../correlator/clock/clock.js';
import type { ScriptFn } from '../correlator/store/redis/scripts.js';
import { RedisSweepSlots } from '../correlator/stream/discovery-slots.js';
import type { Lease } from '../correlator/stream/lease.js';
import type { LeasedJob } from '../correlator/stream/leased-timers.js';
import { snmpSweepJobs } from './snmp-sweep-jobs.js';

/** How often the lease holder looks whether a discovery sweep is due (a sweep runs in the background). */
const DISCOVERY_CHECK_MS = 1000;

/**
 * Scheduled SNMP discovery of `vigil server` (`snmp.discovery`): a job of the leased timers, so
 * only the lease holder sweeps, with the last slot of each sweep shared in Redis and every CMDB
 * write fenced by the lease. `job` is null when the config schedules no sweep; `stop` cancels
 * running sweeps and waits for them.
 */
export function serverDiscovery(input: {
  snmp: Pick<SnmpConfig, 'credentials' | 'discovery'> | undefined;
  cmdb: DiscoveryCmdb;
  lease: Lease;
  redis: ConstructorParameters<typeof RedisSweepSlots>[0]['redis'];
  claim: ScriptFn;
  keys: { lease: string; slots: string };
  clock: Clock;
  logger: Logger;
  registry: Registry;
}): { job: LeasedJob | null; stop(): Promise<void> } {
  const sweeps = input.snmp?.discovery ?? [];
  if (!input.snmp || sweeps.length === 0) return { job: null, stop: async () => {} };
  const discovery = new LeasedDiscovery(
    snmpSweepJobs(input.snmp, {
      cmdb: (job) => fencedCmdb(input.cmdb, () => input.lease.holds(), job),
      clock: input.clock,
      log: input.logger,
    }),
    {
      slots: new RedisSweepSlots({
        redis: input.redis,
        claim: input.claim,
        leaseKey: input.keys.lease,
        slotsKey: input.keys.slots,
        lease: input.lease,
      }),
      clock: input.clock,
      log: input.logger,
      metrics: createDiscoveryMetrics(input.registry),
    },
  );
  input.logger.info(
    { sweeps: sweeps.map((s) => s.name) },
    'SNMP discovery scheduled (the timer-lease holder sweeps)',
  );
  return {
    job: { name: 'discovery', everyMs: DISCOVERY_CHECK_MS, run: (term) => discovery.step(term) },
    stop: () => discovery.stop(),
  };
}
