import type { NormalisedEvent } from '../model/event.js';
import type { FiringSummary } from '../model/firing-summary.js';
import type { CiClass, CiState } from '../model/itil.js';
import type {
  AlertRecord,
  AlertState,
  CiHistoryEntry,
  CiRecord,
  CiRelation,
  IncidentRecord,
  ProblemRecord,
  ProblemState,
  TimelineEntry,
} from '../model/records.js';
import type { GroupEntry, GroupRef } from './group-store.js';
import type { OutboxEntry } from './outbox-store.js';

/** A page of a list, with an opaque cursor for the next one (DESIGN.md "Lists"). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Filters for alert lists. */
export interface AlertQuery {
  state?: AlertState;
  resource?: string;
  limit: number;
  cursor?: string;
}

/** Filters for incident lists. */
export interface IncidentQuery {
  status?: IncidentRecord['status'];
  priority?: IncidentRecord['priority'];
  open?: boolean;
  limit: number;
  cursor?: string;
}

/** Filters for problem lists. */
export interface ProblemQuery {
  state?: ProblemState;
  limit: number;
  cursor?: string;
}

/** Filters for CI lists; all given filters must hold. */
export interface CiQuery {
  class?: CiClass;
  /** Lifecycle state. Without it every state is listed, retired CIs included. */
  state?: CiState;
  /** A source that has observed the CI (`host`, `ssh`, `snmp`, `api`, ...), exactly. */
  source?: string;
  /**
   * Search text: a CI matches when one of its search keys (`ciSearchKeys`: name, FQDN, host name,
   * serial, system UUID, MACs, addresses) equals it or starts with it, ASCII case-insensitively
   * (`searchTerm` folds it). Answered from an index.
   */
  q?: string;
  /**
   * Attribute conditions, all must hold (`matchesAttributes`: text equal, whole numbers and
   * booleans by their JSON text). Checked on the CIs the other filters select, not indexed.
   */
  attributes?: Readonly<Record<string, string>>;
  limit: number;
  cursor?: string;
}

/** What the pipeline needs to know before it decides about one batch. */
export interface BatchState {
  alerts: Map<string, AlertRecord>;
  /** Incidents referenced by the alerts above, by id. */
  incidents: Map<string, IncidentRecord>;
  /** Client-supplied event ids already stored (idempotent retries). */
  knownEventIds: Set<string>;
}

/**
 * Everything one pipeline batch or one API action changes, committed atomically. Records carry the
 * version they were read at (0: new); a store rejects the whole unit with `StoreConflictError` if any
 * changed meanwhile, or if a new one already exists (SQLite: checked inside one transaction; Redis:
 * a Lua script). Stored records carry their version plus one.
 */
export interface UnitOfWork {
  events: NormalisedEvent[];
  alerts: AlertRecord[];
  incidents: IncidentRecord[];
  timeline: Array<{ incidentId: string; entry: TimelineEntry }>;
  /**
   * Problems created or changed (same version rules). At most one open or known-error problem per
   * resource + check: a second one is a conflict.
   */
  problems?: ProblemRecord[];
  /**
   * Correlation groups the unit created or changed (saved by rule, key and anchor, replacing) and
   * ended (deleted), in the same transaction as the alerts and incidents they name, so a crash can
   * never keep an incident and lose its group membership. Only stores whose `commitsGroups` is true
   * accept them; the pipeline saves groups through `GroupStore` after the commit otherwise.
   */
  groups?: { save: readonly GroupEntry[]; delete: readonly GroupRef[] };
  /**
   * Notifications the unit's incident transitions produced (the durable outbox,
   * docs/notifications.md), written in the same transaction: a transition is never committed
   * without its notifications nor a notification without its transition. Only stores that
   * implement `OutboxStore` accept them.
   */
  notifications?: readonly OutboxEntry[];
  /**
   * Firing alerts whose only change is their activity (the refresh path's repeats), by the new
   * activity and the version it was computed from; the same version rules as `alerts`, and never
   * an alert that is also in `alerts`. Only stores that offer `readFiringNow` (the embedded one)
   * receive them, because only they feed the refresh path.
   */
  refreshes?: readonly ActivityRefresh[];
}

/** A refreshed firing alert's new activity (`UnitOfWork.refreshes`). */
export interface ActivityRefresh {
  fingerprint: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** When it resolves unless refreshed again; null: never. */
  expiresAt: number | null;
  /** The stored version the refresh was computed from. */
  version: number;
  /** The summary it was computed from, as the store gave it (lets the store skip a lookup). */
  basis?: FiringSummary;
}

/** Everything one CMDB reconciliation changes, committed atomically. */
export interface CmdbUnit {
  cis: CiRecord[];
  relations: CiRelation[];
  history: CiHistoryEntry[];
}

/**
 * The storage contract. It speaks only vigil's domain, never SQL or Redis commands, so the
 * embedded SQLite store and the distributed Redis store are interchangeable and pass one
 * conformance suite (`test/store-conformance.ts`).
 */
export interface Store {
  readonly kind: string;
  /**
   * True when `commit` writes `unit.groups` in its transaction (the embedded store). A store
   * without it gets its groups saved through `GroupStore` after the commit.
   */
  readonly commitsGroups?: boolean;
  /** Cheap liveness check for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Allocates `count` consecutive sequence numbers of a named counter (incident ids). */
  allocate(counter: string, count: number): Promise<number[]>;

  loadBatchState(fingerprints: string[], clientEventIds: string[]): Promise<BatchState>;
  /** Atomically applies a unit of work; durable when the promise resolves. */
  commit(unit: UnitOfWork): Promise<void>;
  /**
   * Optional group-commit form of `commit`: applies the unit (later reads see it; a conflict
   * rejects here) and hands back a promise for its durability, so the pipeline can correlate the
   * next batch while the disk syncs. Nothing may be acknowledged before `durable` resolves.
   */
  commitDurableLater?(unit: UnitOfWork): Promise<{ durable: Promise<void> }>;

  getAlert(fingerprint: string): Promise<AlertRecord | null>;
  /** Alerts by `lastSeen` descending, ties by fingerprint descending. */
  listAlerts(query: AlertQuery): Promise<Page<AlertRecord>>;
  countEvents(): Promise<number>;
  /**
   * Firing alerts whose `expiresAt` is at or before `now`, soonest first (ties by fingerprint), at
   * most `limit`. An alert stops being listed once it resolves or a refresh moves its expiry on.
   */
  alertsExpiringBefore(now: number, limit: number): Promise<AlertRecord[]>;

  getIncident(id: string): Promise<IncidentRecord | null>;
  /** Incidents newest first: by the number their id ends in (`INC-000042` -> 42), descending. */
  listIncidents(query: IncidentQuery): Promise<Page<IncidentRecord>>;
  /** The incident's timeline in commit order. */
  getTimeline(id: string): Promise<TimelineEntry[]>;
  /** Open incidents whose hold-down expires at or before `now`. */
  incidentsDueForResolution(now: number): Promise<IncidentRecord[]>;
  /**
   * Open incidents whose `escalationDueAt` is at or before `now`, soonest first (ties by id number),
   * at most `limit`. The store indexes the field as written: the pipeline computes it from the
   * escalation policy before each commit; resolved and closed incidents are never listed.
   */
  incidentsDueForEscalation(now: number, limit: number): Promise<IncidentRecord[]>;
  /** Counts of open incidents by priority and category, for gauges. */
  openIncidentCounts(): Promise<Array<{ priority: string; category: string; count: number }>>;

  /**
   * Incidents opened for `resource` + `check` (the record's fields) created at or after `since`,
   * oldest first (by creation, ties by id number), at most `limit`.
   */
  incidentsByKey(resource: string, check: string, since: number, limit: number): Promise<IncidentRecord[]>;

  getProblem(id: string): Promise<ProblemRecord | null>;
  /** Problems newest first: by the number their id ends in (`PRB-000042` -> 42), descending. */
  listProblems(query: ProblemQuery): Promise<Page<ProblemRecord>>;
  /** The open or known-error problem of `resource` + `check`, if any (there is at most one). */
  findOpenProblem(resource: string, check: string): Promise<ProblemRecord | null>;
  /** Counts of problems by state, for gauges (states without problems are left out). */
  problemCounts(): Promise<Array<{ state: string; count: number }>>;

  getCi(id: string): Promise<CiRecord | null>;
  findCiByIdentifier(
    ciClass: CiClass,
    kind: string,
    value: string,
    parentId: string | null,
  ): Promise<CiRecord | null>;
  /** CIs with exactly this name, oldest first. */
  findCisByName(name: string): Promise<CiRecord[]>;
  /** CIs oldest first (by the number their id ends in), filtered as `CiQuery` says. */
  listCis(query: CiQuery): Promise<Page<CiRecord>>;
  /** Relations from and to the CI. */
  relationsOf(ciId: string): Promise<CiRelation[]>;
  /** The CI's attribute changes, newest first, at most `limit`. */
  ciHistory(ciId: string, limit: number): Promise<CiHistoryEntry[]>;
  /**
   * CIs that depend on `ciId` directly or transitively (`runs_on`, `depends_on`; not `contains` or
   * `connected_to`), each once, never `ciId` itself, at most `maxDepth` hops and `limit` ids.
   */
  dependentsOf(ciId: string, maxDepth: number, limit: number): Promise<string[]>;
  /**
   * Atomically applies a CMDB unit, with the same version rules as `commit`. A CI's identifiers are
   * replaced by those of the record; a relation stored again keeps its first `since`.
   */
  commitCmdb(unit: CmdbUnit): Promise<void>;
  ciCounts(): Promise<Array<{ class: string; state: string; count: number }>>;
}

/** Thrown by `commit` when a record changed since it was read; the caller reloads and retries. */
export class StoreConflictError extends Error {
  constructor(readonly what: string) {
    super(`concurrent update of ${what}`);
    this.name = 'StoreConflictError';
  }
}
