import type { EventStatus, Severity } from './severity.js';

/**
 * The native event as clients send it (DESIGN.md "Native event"). Every ingest adapter
 * (native API, Prometheus, Alertmanager, PagerDuty, SNMP traps, local rules) produces these.
 */
export interface NativeEvent {
  /** Where the event comes from: `host`, `snmp`, `ssh`, `prometheus`, `api`, ... */
  source: string;
  /** The thing the event is about: a host name, device name or CI name. */
  resource: string;
  /** What was checked, dotted: `filesystem.used_percent`, `interface.oper_status`. */
  check: string;
  severity: Severity;
  status: EventStatus;
  summary?: string;
  labels?: Record<string, string>;
  /** ISO-8601 time the event happened; defaults to the time it was received. */
  time?: string;
  /** Identity override; without it the fingerprint is derived from source, resource, check and labels. */
  dedupKey?: string;
  /**
   * Optional idempotency key chosen by the sender (for example an agent's spool sequence).
   * An event whose id was already stored is acknowledged again and not processed twice.
   */
  id?: string;
  /**
   * When a firing alert stops being true unless refreshed, ms since epoch. Set only by the
   * Prometheus adapter (Prometheus' `endsAt`); the native API does not accept it.
   */
  expiresAt?: number;
}

/** An event after normalisation: defaults filled, fingerprint and receive time fixed. */
export interface NormalisedEvent {
  id: string;
  /** True when `id` was chosen by the sender (an idempotency key), false when vigil generated it. */
  clientId: boolean;
  fingerprint: string;
  source: string;
  resource: string;
  check: string;
  severity: Severity;
  status: EventStatus;
  summary: string;
  labels: Record<string, string>;
  /** Event time, ms since epoch. */
  time: number;
  /** Receive time, ms since epoch. */
  receivedAt: number;
  /** When the alert resolves unless refreshed (Prometheus `endsAt`), ms since epoch; absent: never. */
  expiresAt?: number | null;
}
