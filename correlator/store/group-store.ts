/**
 * One correlation group of a grouping rule: the alerts that belong together (same `groupBy` label
 * values, and for CMDB grouping the same or a related CI) within the rule's window, the incident
 * they share, and while the rule's threshold is not reached, the alerts waiting for it.
 */
export interface GroupEntry {
  rule: string;
  /** The `groupBy` label values (and for `cmdb: same_ci` the CI id), joined. */
  key: string;
  /** The CI the group started on (`''` without one): related-CI groups differ by it. */
  anchor: string;
  /** The incident the group's alerts share; null while waiting for the threshold. */
  incidentId: string | null;
  /** When the group started (its first alert, or when its incident opened), ms since epoch. */
  openedAt: number;
  /** Alerts waiting for the threshold, oldest first (empty once the incident is open). */
  pending: Array<{ fingerprint: string; at: number }>;
}

/** Names one group: its rule, key and anchor. */
export type GroupRef = Pick<GroupEntry, 'rule' | 'key' | 'anchor'>;

/**
 * Storage of correlation groups, apart from the base `Store` contract (stores implement it when
 * they support grouping rules). Entries are keyed by rule, key and anchor; a save replaces.
 */
export interface GroupStore {
  /** The groups of `rule` with `key` that started at or after `since`, oldest first. */
  findGroups(rule: string, key: string, since: number): Promise<GroupEntry[]>;
  /** Creates or replaces groups (by rule, key and anchor). */
  saveGroups(entries: readonly GroupEntry[]): Promise<void>;
  /** Up to `limit` groups of `rule` that started before `before`, oldest first (timers use it). */
  dueGroups(rule: string, before: number, limit: number): Promise<GroupEntry[]>;
  /** Deletes the named groups (missing ones are ignored). */
  deleteGroups(entries: ReadonlyArray<Pick<GroupEntry, 'rule' | 'key' | 'anchor'>>): Promise<void>;
  /** Deletes groups that started before `before` (past every window); returns how many. */
  pruneGroups(before: number): Promise<number>;
}

/** Whether a store implements `GroupStore`. */
export function isGroupStore(store: object): store is GroupStore {
  return (
    typeof (store as Partial<GroupStore>).findGroups === 'function' &&
    typeof (store as Partial<GroupStore>).saveGroups === 'function'
  );
}
