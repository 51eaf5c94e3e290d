import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { Link, UnresolvedNeighbour } from './link-neighbours.js';
import type { DiscoveryRunResult } from './run-discovery.js';

/** One row of the discovery table (and of `--json` `devices`). */
export interface DeviceSummary {
  address: string;
  source: string;
  class: string;
  name: string;
  vendor?: string;
  model?: string;
  serial?: string;
  interfaces: number;
  neighbours: number;
  crawled: boolean;
}

/** The machine-readable result of `vigil discover --json`. */
export interface DiscoveryReport {
  devices: DeviceSummary[];
  cis: Array<{
    ref: string;
    class: string;
    name: string;
    identifiers: Record<string, string>;
    attributes: unknown;
  }>;
  relations: Array<{ from: string; to: string; type: string; confidence: number; source: string }>;
  links: Link[];
  unresolvedNeighbours: UnresolvedNeighbour[];
  failures: DiscoveryRunResult['failures'];
  probed: number;
  silent: number;
  written: { created: number; updated: number } | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Summarises one finding's batch for the table: its top CI, interface and neighbour counts. */
export function summarise(
  address: string,
  source: string,
  batch: ObservationBatch,
  crawled: boolean,
): DeviceSummary {
  const contained = new Set(batch.relations.filter((r) => r.type === 'contains').map((r) => r.to));
  const top = batch.cis.find((c) => !contained.has(c.ref)) ?? batch.cis[0];
  const interfaces = batch.cis.filter((c) => c.class === 'interface');
  const neighbours = interfaces.reduce(
    (n, c) => n + (Array.isArray(c.attributes.neighbours) ? c.attributes.neighbours.length : 0),
    0,
  );
  const summary: DeviceSummary = {
    address,
    source,
    class: top?.class ?? 'unknown',
    name: top?.name ?? address,
    interfaces: interfaces.length,
    neighbours,
    crawled,
  };
  const vendor = str(top?.attributes.vendor);
  const model = str(top?.attributes.model);
  const serial = str(top?.attributes.serial) ?? top?.identifiers.serial;
  if (vendor) summary.vendor = vendor;
  if (model) summary.model = model;
  if (serial) summary.serial = serial;
  return summary;
}

/** Flattens the batches' CIs and relations with refs made unique across devices (`addr/ref`). */
export function flatten(
  findings: ReadonlyArray<{
    target: { host: string; port?: number };
    source: string;
    batch: ObservationBatch;
  }>,
): Pick<DiscoveryReport, 'cis' | 'relations'> {
  const cis: DiscoveryReport['cis'] = [];
  const relations: DiscoveryReport['relations'] = [];
  for (const f of findings) {
    const prefix = `${f.source}:${f.target.host}${f.target.port ? `:${f.target.port}` : ''}/`;
    for (const c of f.batch.cis) {
      cis.push({
        ref: prefix + c.ref,
        class: c.class,
        name: c.name,
        identifiers: c.identifiers,
        attributes: c.attributes,
      });
    }
    for (const r of f.batch.relations) {
      relations.push({
        from: prefix + r.from,
        to: prefix + r.to,
        type: r.type,
        confidence: r.confidence ?? 1,
        source: r.source ?? f.batch.source,
      });
    }
  }
  return { cis, relations };
}
