import type { CiClass, RelationType } from './itil.js';

/** JSON value as stored in CI attributes. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One configuration item as a collector saw it. The CMDB reconciles observations into CIs:
 * `identifiers` decide which known CI it is, `attributes` update it.
 */
export interface CiObservation {
  /** Reference inside the batch, used by `relations` (e.g. `host`, `fs:/`). */
  ref: string;
  class: CiClass;
  name: string;
  /**
   * Identification keys, strongest first for the class: `serial`, `uuid`, `macs`, `fqdn`, `hostname`
   * for hosts; `mount` / `ifName` / `device` with the parent for children.
   */
  identifiers: Record<string, string>;
  attributes: Record<string, JsonValue>;
}

/** A relationship between two observed CIs of the same batch (`from` -type-> `to`). */
export interface RelationObservation {
  from: string;
  to: string;
  type: RelationType;
  /**
   * How sure the collector is, 0..1 (default 1). Inferred links are lower: an LLDP/CDP neighbour
   * reported by one end only is a candidate, both ends reporting each other confirm it.
   */
  confidence?: number;
  /** Provenance when more precise than the batch source (e.g. `snmp:cdp`, `snmp:lldp`). */
  source?: string;
}

/** Everything one collector saw of one resource at one time. */
export interface ObservationBatch {
  /** Which collector: `host`, `snmp`, `ssh`, `api`. Drives attribute precedence. */
  source: string;
  /** ms since epoch. */
  observedAt: number;
  cis: CiObservation[];
  relations: RelationObservation[];
}
