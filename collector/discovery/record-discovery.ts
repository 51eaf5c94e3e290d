import type { ObservationBatch } from '../../correlator/model/observation.js';
import { linkNeighbours } from './link-neighbours.js';
import type { DiscoveryRunResult } from './run-discovery.js';

/** Where discovered CIs go: the CMDB's `observe` (reconciliation), or nothing on a dry run. */
export interface DiscoveryCmdb {
  observe(batch: ObservationBatch): Promise<{ created: number; updated: number }>;
}

/** What linking and writing a run gave. */
export interface RecordedDiscovery {
  linked: ReturnType<typeof linkNeighbours>;
  /** CIs created and updated, or null when nothing was written (dry run, or nothing found). */
  written: { created: number; updated: number } | null;
}

/**
 * The one way a discovery run reaches the CMDB, shared by `vigil discover` and the scheduled
 * sweeps of `vigil run`: LLDP/CDP neighbours are linked across every device found, then each
 * device's batch and the batch of links are reconciled in order. With `cmdb` null (dry run)
 * nothing is written.
 */
export async function recordDiscovery(
  result: Pick<DiscoveryRunResult, 'findings'>,
  cmdb: DiscoveryCmdb | null,
  observedAt: number,
): Promise<RecordedDiscovery> {
  const linked = linkNeighbours(
    result.findings.map((f) => f.batch),
    observedAt,
  );
  if (!cmdb || (result.findings.length === 0 && !linked.batch)) return { linked, written: null };
  const written = { created: 0, updated: 0 };
  for (const batch of [...result.findings.map((f) => f.batch), ...(linked.batch ? [linked.batch] : [])]) {
    const r = await cmdb.observe(batch);
    written.created += r.created;
    written.updated += r.updated;
  }
  return { linked, written };
}
