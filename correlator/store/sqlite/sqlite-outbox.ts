import type Database from 'better-sqlite3';
import type { TimelineEntry } from '../../model/records.js';
import type { Page } from '../contract.js';
import { decodeCursor } from '../cursor.js';
import type { NotificationQuery, OutboxEntry, OutboxStore } from '../outbox-store.js';
import { page } from './rows.js';

/** The SQLite side of `OutboxStore` (table `notifications`, migration 7). */
export class SqliteOutbox implements OutboxStore {
  readonly #db: Database.Database;
  readonly #due;
  readonly #get;
  readonly #update;
  readonly #timeline;
  readonly #counts;
  readonly #recordTx: Database.Transaction<
    (entry: OutboxEntry, timeline?: { incidentId: string; entry: TimelineEntry }) => void
  >;

  constructor(db: Database.Database) {
    this.#db = db;
    // Only the oldest pending notification of an incident and receiver is due, so a receiver hears
    // an incident's transitions in order (a resolve never overtakes its trigger while that retries).
    this.#due = db.prepare(
      `SELECT n.doc FROM notifications n
       WHERE n.next_attempt_at IS NOT NULL AND n.next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM notifications o WHERE o.incident_id = n.incident_id
           AND o.receiver = n.receiver AND o.next_attempt_at IS NOT NULL AND o.seq < n.seq)
       ORDER BY n.next_attempt_at, n.seq LIMIT ?`,
    );
    this.#get = db.prepare('SELECT doc FROM notifications WHERE id = ?');
    this.#update = db.prepare(
      'UPDATE notifications SET state = ?, next_attempt_at = ?, doc = ? WHERE id = ?',
    );
    this.#timeline = db.prepare('INSERT INTO timeline(incident_id, doc) VALUES (?, ?)');
    this.#counts = db.prepare(
      'SELECT state, receiver, count(*) AS count FROM notifications GROUP BY state, receiver',
    );
    this.#recordTx = db.transaction(
      (entry: OutboxEntry, timeline?: { incidentId: string; entry: TimelineEntry }) => {
        this.#update.run(entry.state, entry.nextAttemptAt, JSON.stringify(entry), entry.id);
        if (timeline) this.#timeline.run(timeline.incidentId, JSON.stringify(timeline.entry));
      },
    );
  }

  async dueNotifications(now: number, limit: number): Promise<OutboxEntry[]> {
    return (this.#due.all(now, limit) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc));
  }

  async recordNotification(
    entry: OutboxEntry,
    timeline?: { incidentId: string; entry: TimelineEntry },
  ): Promise<void> {
    this.#recordTx.immediate(entry, timeline);
  }

  async getNotification(id: string): Promise<OutboxEntry | null> {
    const row = this.#get.get(id) as { doc: string } | undefined;
    return row ? JSON.parse(row.doc) : null;
  }

  async listNotifications(query: NotificationQuery): Promise<Page<OutboxEntry>> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.state) where.push('state = ?') && params.push(query.state);
    if (query.incidentId) where.push('incident_id = ?') && params.push(query.incidentId);
    if (query.receiver) where.push('receiver = ?') && params.push(query.receiver);
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 'n') as [number];
      where.push('seq < ?') && params.push(seq);
    }
    const sql = `SELECT seq, doc FROM notifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as Array<{ seq: number; doc: string }>;
    const result = page(
      rows.map((r) => ({ seq: r.seq, entry: JSON.parse(r.doc) as OutboxEntry })),
      query.limit,
      (item) => [item.seq],
    );
    return { items: result.items.map((item) => item.entry), next: result.next };
  }

  async notificationCounts(): Promise<Array<{ state: string; receiver: string; count: number }>> {
    return this.#counts.all() as Array<{ state: string; receiver: string; count: number }>;
  }
}
