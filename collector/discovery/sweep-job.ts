import type { Clock } from '../../correlator/clock/clock.js';
import type { DiscoverySchedule } from './discovery-schedule.js';
import type { DiscoveryJob, DiscoveryLog, SweepSummary } from './discovery-scheduler.js';
import { neighbourAddresses } from './link-neighbours.js';
import { type DiscoveryCmdb, recordDiscovery } from './record-discovery.js';
import { runDiscovery } from './run-discovery.js';
import type { DiscoverySource } from './source.js';
import { expandTargets } from './targets.js';

/** What a scheduled sweep covers and how (one `snmp.discovery[]` entry, credentials resolved). */
export interface SweepJobOptions {
  name: string;
  schedule: DiscoverySchedule;
  /** Range specs as `vigil discover` takes them (CIDRs, addresses, HOST:PORT). */
  range: readonly string[];
  crawl: boolean;
  concurrency: number;
  /** Opens the discovery sources of one sweep (closed when it ends), e.g. SNMP with its credentials. */
  sources: () => DiscoverySource[];
  cmdb: DiscoveryCmdb;
  clock: Clock;
  log: DiscoveryLog;
  /** Per-address time budget over all sources, ms. */
  targetTimeoutMs?: number;
}

const QUARTERS = [0.25, 0.5, 0.75];

/**
 * Builds a scheduled sweep that does exactly what `vigil discover` does with the same range:
 * expand the range, probe every address with the sources (crawling to neighbours inside the range
 * when asked), link LLDP/CDP neighbours and reconcile everything into the CMDB. Progress is
 * logged at each quarter; failures of single addresses are logged and counted, never fatal.
 */
export function sweepJob(o: SweepJobOptions): DiscoveryJob {
  return {
    name: o.name,
    schedule: o.schedule,
    sweep: async (signal) => {
      const { targets, ranges } = expandTargets(o.range);
      const sources = o.sources();
      o.log.info({ job: o.name, addresses: targets.length }, 'discovery sweep probing addresses');
      let quarter = 0;
      let result: Awaited<ReturnType<typeof runDiscovery>>;
      try {
        result = await runDiscovery({
          targets,
          sources,
          concurrency: o.concurrency,
          targetTimeoutMs: o.targetTimeoutMs ?? 120_000,
          signal,
          ...(o.crawl ? { crawl: { ranges, neighbourAddresses, maxTargets: 65_536 } } : {}),
          onProgress: (p) => {
            while (quarter < QUARTERS.length && p.done >= p.total * QUARTERS[quarter]! && p.total >= 8) {
              o.log.info(
                { job: o.name, done: p.done, total: p.total, found: p.found },
                `discovery sweep ${QUARTERS[quarter]! * 100}% done`,
              );
              quarter++;
            }
          },
        });
      } finally {
        for (const s of sources) await s.close?.();
      }
      if (result.failures.length > 0) {
        o.log.warn(
          {
            job: o.name,
            failures: result.failures.slice(0, 10).map((f) => ({
              address: f.target.host,
              source: f.source,
              code: f.code,
              error: f.message.slice(0, 200),
            })),
            more: Math.max(0, result.failures.length - 10),
          },
          'discovery found devices it could not read; check their credentials and reachability',
        );
      }
      const recorded = signal.aborted ? null : await recordDiscovery(result, o.cmdb, o.clock.now());
      const summary: SweepSummary = {
        probed: result.probed,
        found: result.findings.length,
        silent: result.silent,
        failed: result.failures.length,
        links: recorded?.linked.links.length ?? 0,
        created: recorded?.written?.created ?? 0,
        updated: recorded?.written?.updated ?? 0,
      };
      return summary;
    },
  };
}
