import type Database from 'better-sqlite3';
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
}
