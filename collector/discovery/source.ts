import type { ObservationBatch } from '../../correlator/model/observation.js';

/** One address to probe; `port` overrides the source's standard port (161 for SNMP, 22 for SSH). */
export interface DiscoveryTarget {
  host: string;
  port?: number;
}

/**
 * One way of discovering what is at an address (SNMP, SSH, ...). `vigil discover` probes every
 * target with every source; a source that finds nothing it can talk to returns null, a source
 * that found a device but failed while reading it throws (the failure is reported per target).
 *
 * @example
 * const snmp: DiscoverySource = new SnmpDiscoverySource({ credentials });
 * const batch = await snmp.probe({ host: '10.0.0.1' }, AbortSignal.timeout(30_000), () => {});
 */
export interface DiscoverySource {
  /** Short name for progress, tables and provenance: `snmp`, `ssh`. */
  readonly name: string;
  probe(
    target: DiscoveryTarget,
    signal: AbortSignal,
    progress: (step: string) => void,
  ): Promise<ObservationBatch | null>;
  /** Releases sockets or connections when the run is over. */
  close?(): void | Promise<void>;
}

/**
 * Addresses a found device says its neighbours have (LLDP/CDP management addresses), so
 * discovery can crawl to them when they are inside the allowed ranges. Sources that cannot tell
 * simply do not implement it.
 */
export type NeighbourAddresses = (batch: ObservationBatch) => string[];
