/** One outage of a CI or service: [start, end), `end` null while it lasts. ms since epoch. */
export interface Outage {
  readonly subject: string;
  readonly start: number;
  readonly end: number | null;
}

/** The subject key of a CI's outages. */
export const ciSubject = (ciId: string) => `ci:${ciId}`;
/** The subject key of a service's outages. */
export const serviceSubject = (name: string) => `service:${name}`;

/**
 * Storage of outage intervals for availability and SLA reports (the SLA issue's "outage intervals
 * with exact start and end"). Its own interface, beside the base `Store`, so stores add it when
 * they can; both stores are to pass `test/sla-store-conformance.ts`.
 */
export interface SlaStore {
  /** Starts an outage of `subject` at `at` unless one is open; resolves whether it started one. */
  openOutage(subject: string, at: number): Promise<boolean>;
  /**
   * Ends the open outage of `subject` at `at` (never before its start: an out-of-order recovery
   * ends it at its start); resolves whether one was open.
   */
  closeOutage(subject: string, at: number): Promise<boolean>;
  /** Non-empty outages of the subjects overlapping [from, to), open ones included, by subject then start. */
  outagesBetween(subjects: readonly string[], from: number, to: number): Promise<Outage[]>;
  /** Every open outage, by subject. */
  openOutages(): Promise<Outage[]>;
}

/** Whether a store also keeps outages. */
export function isSlaStore(store: object): store is SlaStore {
  return typeof (store as Partial<SlaStore>).outagesBetween === 'function';
}
