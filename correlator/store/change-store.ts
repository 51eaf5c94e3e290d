import type { ChangeRecord, ChangeState } from '../automation/change.js';
import type { Page } from './contract.js';

/** Filters of the change list (`GET /api/v1/changes`). */
export interface ChangeQuery {
  state?: ChangeState;
  rule?: string;
  incidentId?: string;
  ciId?: string;
  /** `kind:name`, e.g. `ssh:restart-service`. */
  action?: string;
  limit: number;
  cursor?: string;
}

/** What the guardrails count: changes matching every given field, created at or after `since`. */
export interface ChangeCountFilter {
  rule?: string;
  incidentId?: string;
  /** The per-CI key (`ChangeRecord.target`). */
  target?: string;
  action?: string;
  since?: number;
  /** Only changes in these states. */
  states?: readonly ChangeState[];
}

/**
 * Storage of change records (automation runs), kept apart from the base `Store` contract so other
 * stores adopt it on their own schedule. Records carry the version they were read at; saving a
 * stale one throws `StoreConflictError`, as the base contract's commits do.
 */
export interface ChangeStore {
  /** Inserts (version 0) or updates a change; the stored copy has version + 1. */
  saveChange(change: ChangeRecord): Promise<void>;
  getChange(id: string): Promise<ChangeRecord | null>;
  /** Changes newest first: by the number their id ends in (`CHG-000042` -> 42), descending. */
  listChanges(query: ChangeQuery): Promise<Page<ChangeRecord>>;
  countChanges(filter: ChangeCountFilter): Promise<number>;
  /** When the newest change matching the filter was created, or null. */
  lastChangeAt(filter: ChangeCountFilter): Promise<number | null>;
  /** Changes in state `verifying` whose verification deadline is at or before `now`, soonest first. */
  changesDueForVerification(now: number, limit: number): Promise<ChangeRecord[]>;
  /** Changes of an incident in the given states, oldest first. */
  changesOfIncident(incidentId: string, states: readonly ChangeState[]): Promise<ChangeRecord[]>;
}

/** Whether a store also keeps change records. */
export function isChangeStore(store: unknown): store is ChangeStore {
  return typeof (store as Partial<ChangeStore> | null)?.saveChange === 'function';
}
