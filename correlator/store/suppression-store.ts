import type { MaintenanceWindowRecord } from '../suppression/maintenance/window.js';
import type { Page } from './contract.js';

/** A silence as stored (Alertmanager-like): matchers in vigil's matcher syntax, a time range, author and comment. */
export interface SilenceRecord {
  id: string;
  /** Matcher texts such as `resource="web-1"` or `check=~"filesystem\\..*"`; all must match. */
  matchers: string[];
  /** ms since epoch. */
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

/** Where a silence stands at a given time. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** Filters for silence lists; the state is judged at `now`. */
export interface SilenceQuery {
  state?: SilenceState;
  now: number;
  limit: number;
  cursor?: string;
}

/**
 * Storage of suppression state (silences, maintenance windows), kept out of the base `Store` contract so each backend adds it on its own. The
 * embedded SQLite store implements it; `test/suppression-store-conformance.ts` is its suite.
 */
export interface SuppressionStore {
  /** Stores a new silence or replaces the one with the same id. */
  putSilence(silence: SilenceRecord): Promise<void>;
  getSilence(id: string): Promise<SilenceRecord | null>;
  /** Silences newest first (by creation, ties by id), optionally only those in `state` at `now`. */
  listSilences(query: SilenceQuery): Promise<Page<SilenceRecord>>;
  /** Silences not yet expired at `now` (pending or active), soonest start first; the muter's working set. */
  liveSilences(now: number): Promise<SilenceRecord[]>;

  /** Stores a maintenance window created through the API; false if the name is taken. */
  insertMaintenanceWindow(window: MaintenanceWindowRecord): Promise<boolean>;
  /** Every stored maintenance window, by name. */
  listMaintenanceWindows(): Promise<MaintenanceWindowRecord[]>;
  /** Deletes a stored window; false if there was none. */
  deleteMaintenanceWindow(name: string): Promise<boolean>;
  /** The start of the occurrence last announced as started, per window name. */
  maintenanceStates(): Promise<Map<string, number>>;
  /** Records (a start time) or clears (null) the announced occurrence of a window. */
  setMaintenanceState(name: string, activeSince: number | null): Promise<void>;
}

/** Whether a store also implements `SuppressionStore`. */
export function isSuppressionStore(store: object): store is SuppressionStore {
  return typeof (store as Partial<SuppressionStore>).putSilence === 'function';
}

/** The state of a silence at `now`: pending before `startsAt`, expired from `endsAt` on. */
export function silenceState(silence: SilenceRecord, now: number): SilenceState {
  if (now >= silence.endsAt) return 'expired';
  return now < silence.startsAt ? 'pending' : 'active';
}
