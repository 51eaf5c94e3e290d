import type { ObservationBatch } from '../../correlator/model/observation.js';
import { Semaphore } from '../snmp/semaphore.js';
import type { DiscoverySource, DiscoveryTarget, NeighbourAddresses } from './source.js';
import { type AddressRange, inRanges } from './targets.js';

/** What one source found at one target. */
export interface Finding {
  target: DiscoveryTarget;
  source: string;
  batch: ObservationBatch;
  /** True when the target was reached by following a neighbour, not given on the command line. */
  crawled: boolean;
}

/** A source that found something at a target but failed while reading it. */
export interface ProbeFailure {
  target: DiscoveryTarget;
  source: string;
  code: string;
  message: string;
}

/** Progress of a run, for the progress bar. */
export interface DiscoveryProgress {
  done: number;
  total: number;
  found: number;
  current?: string;
}

/** Options of one discovery run. */
export interface DiscoveryRunOptions {
  targets: readonly DiscoveryTarget[];
  sources: readonly DiscoverySource[];
  /** Targets probed at once. */
  concurrency: number;
  /** Per-target time budget over all sources, ms. */
  targetTimeoutMs: number;
  /** When set, neighbours' addresses inside these ranges are probed too (once each). */
  crawl?: { ranges: readonly AddressRange[]; neighbourAddresses: NeighbourAddresses; maxTargets: number };
  onProgress?: (p: DiscoveryProgress) => void;
  /** Aborting stops the run: targets not yet started are skipped, running probes are aborted. */
  signal?: AbortSignal;
}

/** Everything a run found. */
export interface DiscoveryRunResult {
  findings: Finding[];
  failures: ProbeFailure[];
  /** Targets where no source found anything. */
  silent: number;
  probed: number;
}

/**
 * Probes targets concurrently with every discovery source, reporting progress, and optionally
 * crawls to neighbours inside the allowed ranges. Never throws for a target: failures are
 * collected so one bad device cannot stop a sweep.
 */
export async function runDiscovery(options: DiscoveryRunOptions): Promise<DiscoveryRunResult> {
  const limit = new Semaphore(Math.max(1, options.concurrency));
  const queued = new Set(options.targets.map((t) => `${t.host}|${t.port ?? ''}`));
  const result: DiscoveryRunResult = { findings: [], failures: [], silent: 0, probed: 0 };
  let total = options.targets.length;
  const report = (current?: string) =>
    options.onProgress?.({
      done: result.probed,
      total,
      found: result.findings.length,
      ...(current ? { current } : {}),
    });

  const probeOne = async (target: DiscoveryTarget, crawled: boolean): Promise<void> => {
    await limit.run(async () => {
      if (options.signal?.aborted) return;
      report(target.host);
      const timeout = AbortSignal.timeout(options.targetTimeoutMs);
      const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
      let any = false;
      for (const source of options.sources) {
        try {
          const batch = await source.probe(target, signal, () => report(target.host));
          if (batch) {
            any = true;
            result.findings.push({ target, source: source.name, batch, crawled });
          }
        } catch (error) {
          any = true;
          const e = error as { code?: unknown; message?: unknown };
          result.failures.push({
            target,
            source: source.name,
            code: typeof e?.code === 'string' ? e.code : 'VIGIL_ERR_INTERNAL',
            message: String(e?.message ?? error),
          });
        }
      }
      if (!any) result.silent++;
      result.probed++;
      report();
    });
  };

  const pending: Promise<void>[] = [];
  const enqueueNeighbours = () => {
    if (!options.crawl) return;
    for (const finding of result.findings) {
      for (const address of options.crawl.neighbourAddresses(finding.batch)) {
        const key = `${address}|`;
        if (queued.has(key) || !inRanges(address, options.crawl.ranges)) continue;
        if (queued.size >= options.crawl.maxTargets) return;
        queued.add(key);
        total++;
        pending.push(probeOne({ host: address }, true).then(enqueueNeighbours));
      }
    }
  };
  for (const target of options.targets) pending.push(probeOne(target, false).then(enqueueNeighbours));
  // Crawling adds promises while we wait; keep waiting until no new ones appear.
  for (let seen = 0; seen < pending.length; ) {
    const batch = pending.slice(seen);
    seen = pending.length;
    await Promise.all(batch);
  }
  const order = new Map(options.targets.map((t, i) => [t, i]));
  const rank = (t: DiscoveryTarget) => order.get(t) ?? options.targets.length;
  result.findings.sort((a, b) => rank(a.target) - rank(b.target));
  result.failures.sort((a, b) => rank(a.target) - rank(b.target));
  return result;
}
