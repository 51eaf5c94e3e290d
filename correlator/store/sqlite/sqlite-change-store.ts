import type Database from 'better-sqlite3';
import type { ChangeRecord, ChangeState } from '../../automation/change.js';
import type { ChangeCountFilter, ChangeQuery, ChangeStore } from '../change-store.js';
import { type Page, StoreConflictError } from '../contract.js';
import { decodeCursor } from '../cursor.js';
import { idNumber, page, parse, parseAll, type Row } from './rows.js';

/**
 * The change records of the embedded store (migration 3), on the store's own connection. The
 * SQLite store delegates its `ChangeStore` methods here so this file holds all change SQL.
 */
export class SqliteChangeStore implements ChangeStore {
  readonly #db: Database.Database;
  readonly #stmt;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#stmt = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO changes(seq, id, state, rule, action, incident_id, target, created_at, verify_due_at, version, doc)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      ),
      update: db.prepare(
        'UPDATE changes SET state = ?, verify_due_at = ?, doc = ?, version = version + 1 WHERE seq = ? AND id = ? AND version = ?',
      ),
      get: db.prepare('SELECT doc FROM changes WHERE seq = ? AND id = ?'),
      due: db.prepare(
        "SELECT doc FROM changes WHERE verify_due_at IS NOT NULL AND verify_due_at <= ? AND state = 'verifying' ORDER BY verify_due_at, seq LIMIT ?",
      ),
    };
  }

  async saveChange(change: ChangeRecord): Promise<void> {
    const doc = JSON.stringify({ ...change, version: change.version + 1 });
    const seq = idNumber(change.id);
    const due = change.state === 'verifying' ? (change.verification?.deadline ?? null) : null;
    const changed =
      change.version === 0
        ? this.#stmt.insert.run(
            seq,
            change.id,
            change.state,
            change.rule,
            change.action,
            change.incidentId,
            change.target,
            change.createdAt,
            due,
            doc,
          ).changes
        : this.#stmt.update.run(change.state, due, doc, seq, change.id, change.version).changes;
    if (changed === 0) throw new StoreConflictError(`change ${change.id}`);
  }

  async getChange(id: string): Promise<ChangeRecord | null> {
    if (!/^CHG-\d+$/.test(id)) return null;
    return parse<ChangeRecord>(this.#stmt.get.get(idNumber(id), id) as Row | undefined);
  }

  async listChanges(query: ChangeQuery): Promise<Page<ChangeRecord>> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    const add = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    add('state = ?', query.state);
    add('rule = ?', query.rule);
    add('incident_id = ?', query.incidentId);
    add('target = ?', query.ciId);
    add('action = ?', query.action);
    if (query.cursor) add('seq < ?', decodeCursor(query.cursor, 'n')[0] as number);
    const sql = `SELECT seq, doc FROM changes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as Array<Row & { seq: number }>;
    const result = page(
      rows.map((r) => ({ seq: r.seq, record: JSON.parse(r.doc) as ChangeRecord })),
      query.limit,
      (item) => [item.seq],
    );
    return { items: result.items.map((item) => item.record), next: result.next };
  }

  async countChanges(filter: ChangeCountFilter): Promise<number> {
    const { sql, params } = filterSql(filter);
    return (this.#db.prepare(`SELECT count(*) AS n FROM changes ${sql}`).get(...params) as { n: number }).n;
  }

  async lastChangeAt(filter: ChangeCountFilter): Promise<number | null> {
    const { sql, params } = filterSql(filter);
    const row = this.#db.prepare(`SELECT max(created_at) AS at FROM changes ${sql}`).get(...params) as {
      at: number | null;
    };
    return row.at;
  }

  async changesDueForVerification(now: number, limit: number): Promise<ChangeRecord[]> {
    return parseAll<ChangeRecord>(this.#stmt.due.all(now, limit));
  }

  async changesOfIncident(incidentId: string, states: readonly ChangeState[]): Promise<ChangeRecord[]> {
    if (states.length === 0) return [];
    const rows = this.#db
      .prepare(
        `SELECT doc FROM changes WHERE incident_id = ? AND state IN (${states.map(() => '?').join(',')}) ORDER BY seq`,
      )
      .all(incidentId, ...states);
    return parseAll<ChangeRecord>(rows);
  }
}

function filterSql(filter: ChangeCountFilter): { sql: string; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const add = (sql: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    params.push(value);
  };
  add('rule = ?', filter.rule);
  add('incident_id = ?', filter.incidentId);
  add('target = ?', filter.target);
  add('action = ?', filter.action);
  add('created_at >= ?', filter.since);
  if (filter.states) {
    if (filter.states.length === 0) where.push('0');
    else {
      where.push(`state IN (${filter.states.map(() => '?').join(',')})`);
      params.push(...filter.states);
    }
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
