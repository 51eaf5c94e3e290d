import type Database from 'better-sqlite3';
import type { TimelineEntry } from '../../model/records.js';
import type { Page } from '../contract.js';
import { decodeCursor } from '../cursor.js';
import {
  type NotificationClaim,
  type NotificationQuery,
  type OutboxEntry,
  type OutboxStore,
  settledAt,
} from '../outbox-store.js';
import { page } from './rows.js';

type Timeline = { incidentId: string; entry: TimelineEntry };

/** The SQLite side of `OutboxStore` (table `notifications`, migrations 7 and 8). */
export class SqliteOutbox implements OutboxStore {
  readonly #db: Database.Database;
  readonly #due;
  readonly #get;
  readonly #counts;
  readonly #recordTx: Database.Transaction<
    (entry: OutboxEntry, timeline?: Timeline, claim?: string) => boolean
  >;
  readonly #claimTx: Database.Transaction<(id: string, claim: NotificationClaim) => OutboxEntry | null>;
  readonly #release;
  readonly #pruneTx: Database.Transaction<(before: number, limit: number) => number>;

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
    const claimOf = db.prepare('SELECT claim_owner FROM notifications WHERE id = ?');
    const update = db.prepare(
      `UPDATE notifications SET state = ?, next_attempt_at = ?, settled_at = ?, doc = ?,
         claim_owner = NULL, claim_until = NULL WHERE id = ?`,
    );
    const insertTimeline = db.prepare('INSERT INTO timeline(incident_id, doc) VALUES (?, ?)');
    this.#counts = db.prepare(
      'SELECT state, receiver, count(*) AS count FROM notifications GROUP BY state, receiver',
    );
    this.#recordTx = db.transaction((entry: OutboxEntry, timeline?: Timeline, claim?: string) => {
      const row = claimOf.get(entry.id) as { claim_owner: string | null } | undefined;
      if (!row || (claim !== undefined && row.claim_owner !== claim)) return false;
      update.run(entry.state, entry.nextAttemptAt, settledAt(entry), JSON.stringify(entry), entry.id);
      if (timeline) insertTimeline.run(timeline.incidentId, JSON.stringify(timeline.entry));
      return true;
    });
    const claimable = db.prepare(
      `SELECT n.doc FROM notifications n
       WHERE n.id = ? AND n.state = 'pending' AND n.next_attempt_at <= ?
         AND (n.claim_owner IS NULL OR n.claim_until < ?)
         AND NOT EXISTS (SELECT 1 FROM notifications o WHERE o.incident_id = n.incident_id
           AND o.receiver = n.receiver AND o.next_attempt_at IS NOT NULL AND o.seq < n.seq)`,
    );
    const setClaim = db.prepare('UPDATE notifications SET claim_owner = ?, claim_until = ? WHERE id = ?');
    this.#claimTx = db.transaction((id: string, claim: NotificationClaim) => {
      const row = claimable.get(id, claim.now, claim.now) as { doc: string } | undefined;
      if (!row) return null;
      setClaim.run(claim.owner, claim.until, id);
      return JSON.parse(row.doc) as OutboxEntry;
    });
    this.#release = db.prepare(
      'UPDATE notifications SET claim_owner = NULL, claim_until = NULL WHERE claim_owner IS NOT NULL',
    );
    const prune = db.prepare(
      `DELETE FROM notifications WHERE seq IN (SELECT seq FROM notifications
         WHERE settled_at IS NOT NULL AND settled_at < ? AND state <> 'pending' LIMIT ?)`,
    );
    this.#pruneTx = db.transaction((before: number, limit: number) => prune.run(before, limit).changes);
  }

  async dueNotifications(now: number, limit: number): Promise<OutboxEntry[]> {
    return (this.#due.all(now, limit) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc));
  }

  async claimNotification(id: string, claim: NotificationClaim): Promise<OutboxEntry | null> {
    return this.#claimTx.immediate(id, claim);
  }

  async recordNotification(entry: OutboxEntry, timeline?: Timeline, claimOwner?: string): Promise<boolean> {
    return this.#recordTx.immediate(entry, timeline, claimOwner);
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

  async releaseClaims(): Promise<number> {
    return this.#release.run().changes;
  }

  async pruneNotifications(before: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return this.#pruneTx.immediate(before, limit);
  }
}
