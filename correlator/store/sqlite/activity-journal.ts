import type Database from 'better-sqlite3';
import type { AlertRecord } from '../../model/records.js';
import { StoreConflictError } from '../contract.js';
import { expiry } from './rows.js';

/**
 * One alert's activity as a commit leaves it: [count, firstSeen, lastSeen, expiresAt, fingerprint,
 * version before the commit, state]. The state is not written (the alert document holds it); it
 * tells which scans a pending row can affect.
 */
export type ActivityRow = [number, number, number, number | null, string, number, string];

/** What the store holds in memory of an alert's stored state: a cached record or a firing summary. */
export type StoredActivity = Pick<AlertRecord, 'version' | 'state' | 'expiresAt'>;

/** When the journal is folded into `alert_activity` without a reader asking: pending alerts or age. */
export const FOLD_AT_ALERTS = 50_000;
export const FOLD_EVERY_MS = 2_000;

/**
 * The write-behind journal of alert activity (count, first and last seen, expiry). Every repeat of
 * an alert changes only these columns; rewriting the alert's `alert_activity` row and its two
 * index entries on each repeat was the largest single cost of ingest (11.9 µs per alert). Instead
 * a commit appends its activity rows as one journal row (one B-tree insert per commit, in the same
 * transaction, so just as durable), keeps the newest values per alert in memory, and folds them
 * into `alert_activity` later in one transaction: every few seconds, when many alerts are pending,
 * before any read that scans the table, and on close. An alert repeated 10 times between folds is
 * written once instead of 10 times.
 *
 * A crash loses nothing: the journal rows of unfolded commits are still in the file, and the next
 * open replays them (newest last) before anything reads. The values are absolute, so replaying a
 * row that was folded already changes nothing. Point reads see the pending values through
 * `overlay`; scans call `fold` first.
 *
 * Write-behind needs one writing process: another process on the same file would neither see the
 * pending values nor have its versions checked against them. With `writeBehind: false` (a store
 * shared by several writers) each row is updated in place, version-checked, as before.
 */
export class ActivityJournal {
  readonly #db: Database.Database;
  readonly #append: Database.Statement;
  readonly #write: Database.Statement;
  readonly #readVersion: Database.Statement;
  readonly #updateChecked: Database.Statement;
  readonly #writeBehind: boolean;
  readonly #foldTx: () => void;
  /** Newest activity per alert not yet in `alert_activity` (version as stored). */
  readonly #pending = new Map<string, ActivityRow>();
  /** How many pending alerts are in each state. */
  readonly #pendingStates = new Map<string, number>();
  /** Lowest expiry among pending rows and the rows they replace (-Infinity when one was unknown). */
  #lowestExpiry = Number.POSITIVE_INFINITY;
  #lastSeq = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(db: Database.Database, options: { writeBehind: boolean }) {
    this.#db = db;
    this.#writeBehind = options.writeBehind;
    this.#updateChecked = db.prepare(
      'UPDATE alert_activity SET count = ?, first_seen = ?, last_seen = ?, expires_at = ?, version = version + 1 WHERE fingerprint = ? AND version = ?',
    );
    this.#append = db.prepare('INSERT INTO alert_activity_journal(body) VALUES (?)');
    this.#write = db.prepare(
      'UPDATE alert_activity SET count = ?, first_seen = ?, last_seen = ?, expires_at = ?, version = ? WHERE fingerprint = ?',
    );
    this.#readVersion = db.prepare('SELECT version FROM alert_activity WHERE fingerprint = ?').pluck();
    const drop = db.prepare('DELETE FROM alert_activity_journal WHERE seq <= ?');
    this.#foldTx = db.transaction(() => {
      for (const row of this.#pending.values()) this.#writeRow(row);
      drop.run(this.#lastSeq);
    });
    this.#replay();
  }

  /**
   * Checks each row's expected version against the alert's current one (pending, else `cached`,
   * what the store holds in memory, index-aligned with `rows`: the read cache's copy or the
   * firing summary; else the table) and appends the rows as one
   * journal row; call inside the commit's transaction. Throws `StoreConflictError` for a stale
   * version, like the row update it replaces. Returns each row's pending entry before this commit
   * (index-aligned) for `committed`, so each alert is looked up once per commit: on a Map of
   * 100,000 alerts a lookup costs about 0.5 µs on this VM, a few per refreshed alert add up.
   */
  append(
    rows: readonly ActivityRow[],
    cached: ReadonlyArray<StoredActivity | undefined>,
  ): Array<ActivityRow | undefined> {
    if (rows.length === 0) return [];
    if (!this.#writeBehind) {
      for (const row of rows) {
        if (this.#updateChecked.run(row[0], row[1], row[2], row[3], row[4], row[5]).changes === 0)
          throw new StoreConflictError(`alert ${row[4]}`);
      }
      return [];
    }
    const before = new Array<ActivityRow | undefined>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const fp = row[4];
      const pending = this.#pending.get(fp);
      before[i] = pending;
      const current = pending?.[5] ?? cached[i]?.version ?? (this.#readVersion.get(fp) as number | undefined);
      if (current !== row[5]) throw new StoreConflictError(`alert ${fp}`);
    }
    const info = this.#append.run(JSON.stringify(rows));
    this.#lastSeq = Number(info.lastInsertRowid);
    return before;
  }

  /**
   * Takes the rows of a committed transaction as pending (their versions bumped as stored).
   * `pendingBefore` is what `append` returned for them and `cached` what it was given: for an
   * alert not pending, the cached copy's expiry is the one the table holds (none cached: unknown).
   */
  committed(
    rows: readonly ActivityRow[],
    pendingBefore: ReadonlyArray<ActivityRow | undefined>,
    cached: ReadonlyArray<StoredActivity | undefined>,
  ): void {
    if (!this.#writeBehind) return;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const fp = row[4];
      const before = pendingBefore[i];
      if (before) this.#count(before[6], -1);
      else {
        const stored = cached[i];
        this.#lower(stored ? expiry(stored) : undefined);
      }
      this.#lower(row[3]);
      this.#count(row[6], 1);
      this.#pending.set(fp, [row[0], row[1], row[2], row[3], fp, row[5] + 1, row[6]]);
    }
    if (this.#pending.size >= FOLD_AT_ALERTS) this.fold();
    else if (this.#pending.size > 0 && this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (this.#db.open) this.fold();
      }, FOLD_EVERY_MS);
      this.#timer.unref();
    }
  }

  /** The alert as the table would give it after a fold (a point read of a pending alert). */
  overlay(alert: AlertRecord | null): AlertRecord | null {
    if (!alert) return alert;
    const row = this.#pending.get(alert.fingerprint);
    if (!row) return alert;
    alert.count = row[0];
    alert.firstSeen = row[1];
    alert.lastSeen = row[2];
    alert.version = row[5];
    if (row[3] === null) delete alert.expiresAt;
    else alert.expiresAt = row[3];
    return alert;
  }

  /** Whether a scan of alerts expiring at or before `now` could miss or wrongly include a pending alert. */
  affectsExpiryBefore(now: number): boolean {
    return this.#pending.size > 0 && this.#lowestExpiry <= now;
  }

  /**
   * Whether a scan of alerts in `state` (any state when undefined) could meet a pending alert: the
   * state column is always current (documents are written at once), only the activity waits.
   */
  affectsAlertsIn(state: string | undefined): boolean {
    return state === undefined ? this.#pending.size > 0 : (this.#pendingStates.get(state) ?? 0) > 0;
  }

  /** How many alerts wait to be folded (for tests and diagnostics). */
  get pendingAlerts(): number {
    return this.#pending.size;
  }

  /**
   * Writes the pending activity into `alert_activity` and drops the journal rows it covers, in
   * one transaction without an fsync of its own: if it is lost in a crash, so is the deletion,
   * and the journal is replayed on the next open.
   */
  fold(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#pending.size === 0) return;
    const synchronous = this.#db.pragma('synchronous', { simple: true }) as number;
    this.#db.pragma('synchronous = NORMAL');
    try {
      this.#foldTx();
    } finally {
      this.#db.pragma(`synchronous = ${synchronous}`);
    }
    this.#pending.clear();
    this.#pendingStates.clear();
    this.#lowestExpiry = Number.POSITIVE_INFINITY;
  }

  /** Stops the fold timer (the store folds before closing). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #count(state: string, delta: number): void {
    const n = (this.#pendingStates.get(state) ?? 0) + delta;
    if (n === 0) this.#pendingStates.delete(state);
    else this.#pendingStates.set(state, n);
  }

  #lower(expiry: number | null | undefined): void {
    if (expiry === undefined) this.#lowestExpiry = Number.NEGATIVE_INFINITY;
    else if (expiry !== null && expiry < this.#lowestExpiry) this.#lowestExpiry = expiry;
  }

  #writeRow(row: ActivityRow): void {
    this.#write.run(row[0], row[1], row[2], row[3], row[5], row[4]);
  }

  /** Applies the journal rows a crash left unfolded, oldest first, and drops them. */
  #replay(): void {
    this.#db
      .transaction(() => {
        const rows = this.#db
          .prepare('SELECT seq, body FROM alert_activity_journal ORDER BY seq')
          .all() as Array<{
          seq: number;
          body: string;
        }>;
        for (const { body } of rows) {
          for (const row of JSON.parse(body) as ActivityRow[]) {
            this.#write.run(row[0], row[1], row[2], row[3], row[5] + 1, row[4]);
          }
        }
        this.#db.prepare('DELETE FROM alert_activity_journal').run();
      })
      .immediate();
  }
}
