import type { DiscoveryJob, DiscoveryLog } from '../collector/discovery/discovery-scheduler.js';
import type { DiscoveryCmdb } from '../collector/discovery/record-discovery.js';
import { sweepJob } from '../collector/discovery/sweep-job.js';
import { SnmpDiscoverySource } from '../collector/snmp/snmp-discovery-source.js';
import type { SnmpConfig } from '../config/types.js';
import type { Clock } from '../correlator/clock/clock.js';

/**
 * The sweeps of `snmp.discovery[]`, each with its credential sets resolved and SNMP as its
 * source: one builder for `vigil run` (its own scheduler) and `vigil server` (the lease holder's
 * job), so both sweep the same way. `cmdb` gives each job the CMDB it writes to (fenced by the
 * lease in `vigil server`).
 */
export function snmpSweepJobs(
  config: Pick<SnmpConfig, 'credentials' | 'discovery'>,
  deps: { cmdb: (job: string) => DiscoveryCmdb; clock: Clock; log: DiscoveryLog },
): DiscoveryJob[] {
  const byName = new Map(config.credentials.map((c) => [c.name, c]));
  return config.discovery.map((d) =>
    sweepJob({
      name: d.name,
      schedule: d.schedule,
      range: d.range,
      crawl: d.crawl,
      concurrency: d.concurrency,
      cmdb: deps.cmdb(d.name),
      clock: deps.clock,
      log: deps.log,
      sources: () => [
        new SnmpDiscoverySource({
          credentials: d.credentials.map((n) => byName.get(n)!),
          now: () => deps.clock.now(),
          probe: { timeoutMs: d.timeoutMs, retries: d.retries },
          walk: {
            timeoutMs: Math.max(d.timeoutMs, 2000),
            retries: Math.max(d.retries, 1),
            maxRepetitions: d.maxRepetitions,
          },
        }),
      ],
    }),
  );
}
