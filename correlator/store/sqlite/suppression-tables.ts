import type Database from 'better-sqlite3';
import type { MaintenanceWindowRecord } from '../../suppression/maintenance/window.js';
import type { Page } from '../contract.js';
import { decodeCursor } from '../cursor.js';
import type { SilenceQuery, SilenceRecord } from '../suppression-store.js';
import { page } from './rows.js';

/**
 * The SQLite side of `SuppressionStore` (migration 4), kept apart from the base store's tables;
 * `SqliteStore` delegates to it on the same connection.
 */
export class SqliteSuppressionTables {
  readonly #db: Database.Database;
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;
  readonly #live: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#put = db.prepare(
      `INSERT INTO silences(id, starts_at, ends_at, created_at, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, doc = excluded.doc`,
    );
    this.#get = db.prepare('SELECT doc FROM silences WHERE id = ?');
    this.#live = db.prepare('SELECT doc FROM silences WHERE ends_at > ? ORDER BY starts_at, id');
  }

  putSilence(s: SilenceRecord): void {
    this.#put.run(s.id, s.startsAt, s.endsAt, s.createdAt, JSON.stringify(s));
  }

  getSilence(id: string): SilenceRecord | null {
    const row = this.#get.get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as SilenceRecord) : null;
  }

  liveSilences(now: number): SilenceRecord[] {
    return (this.#live.all(now) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as SilenceRecord);
  }

  listSilences(query: SilenceQuery): Page<SilenceRecord> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.state === 'expired') where.push('ends_at <= ?') && params.push(query.now);
    if (query.state === 'active')
      where.push('starts_at <= ? AND ends_at > ?') && params.push(query.now, query.now);
    if (query.state === 'pending')
      where.push('starts_at > ? AND ends_at > ?') && params.push(query.now, query.now);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 'ns') as [number, string];
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(createdAt, createdAt, id);
    }
    const sql = `SELECT doc FROM silences ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, id DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as Array<{ doc: string }>;
    return page(
      rows.map((r) => JSON.parse(r.doc) as SilenceRecord),
      query.limit,
      (s) => [s.createdAt, s.id],
    );
  }

  insertMaintenanceWindow(window: MaintenanceWindowRecord): boolean {
    return (
      this.#db
        .prepare('INSERT OR IGNORE INTO maintenance_windows(name, doc) VALUES (?, ?)')
        .run(window.name, JSON.stringify(window)).changes === 1
    );
  }

  listMaintenanceWindows(): MaintenanceWindowRecord[] {
    return (
      this.#db.prepare('SELECT doc FROM maintenance_windows ORDER BY name').all() as Array<{ doc: string }>
    ).map((r) => JSON.parse(r.doc) as MaintenanceWindowRecord);
  }

  deleteMaintenanceWindow(name: string): boolean {
    return this.#db.prepare('DELETE FROM maintenance_windows WHERE name = ?').run(name).changes === 1;
  }

  maintenanceStates(): Map<string, number> {
    const rows = this.#db.prepare('SELECT name, active_since FROM maintenance_state').all() as Array<{
      name: string;
      active_since: number;
    }>;
    return new Map(rows.map((r) => [r.name, r.active_since]));
  }

  setMaintenanceState(name: string, activeSince: number | null): void {
    if (activeSince === null) this.#db.prepare('DELETE FROM maintenance_state WHERE name = ?').run(name);
    else
      this.#db
        .prepare(
          'INSERT INTO maintenance_state(name, active_since) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET active_since = excluded.active_since',
        )
        .run(name, activeSince);
  }
}
