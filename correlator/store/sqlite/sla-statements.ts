import type Database from 'better-sqlite3';
import type { Outage } from '../sla-store.js';

interface OutageRow {
  subject: string;
  start_at: number;
  end_at: number | null;
}

const toOutage = (r: OutageRow): Outage => ({ subject: r.subject, start: r.start_at, end: r.end_at });

/** Most subjects per query: SQLite's default limit on bound parameters is 32,766. */
const CHUNK = 500;

/** The SQLite side of `SlaStore`, on the `outages` table of migration 2. */
export function sqliteOutages(db: Database.Database) {
  const open = db.prepare('INSERT OR IGNORE INTO outages (subject, start_at, end_at) VALUES (?, ?, NULL)');
  const close = db.prepare(
    'UPDATE outages SET end_at = max(?, start_at) WHERE subject = ? AND end_at IS NULL',
  );
  const openAll = db.prepare(
    'SELECT subject, start_at, end_at FROM outages WHERE end_at IS NULL ORDER BY subject',
  );
  const between = new Map<number, Database.Statement>();
  const betweenFor = (n: number) => {
    let stmt = between.get(n);
    if (!stmt) {
      stmt = db.prepare(
        `SELECT subject, start_at, end_at FROM outages WHERE subject IN (${Array(n).fill('?').join(',')})
         AND start_at < ? AND (end_at IS NULL OR (end_at > ? AND end_at > start_at)) ORDER BY subject, start_at`,
      );
      between.set(n, stmt);
    }
    return stmt;
  };
  return {
    async openOutage(subject: string, at: number): Promise<boolean> {
      return open.run(subject, at).changes === 1;
    },
    async closeOutage(subject: string, at: number): Promise<boolean> {
      return close.run(at, subject).changes === 1;
    },
    async outagesBetween(subjects: readonly string[], from: number, to: number): Promise<Outage[]> {
      const out: Outage[] = [];
      const sorted = [...new Set(subjects)].sort();
      for (let i = 0; i < sorted.length; i += CHUNK) {
        const chunk = sorted.slice(i, i + CHUNK);
        out.push(...(betweenFor(chunk.length).all(...chunk, to, from) as OutageRow[]).map(toOutage));
      }
      return out;
    },
    async openOutages(): Promise<Outage[]> {
      return (openAll.all() as OutageRow[]).map(toOutage);
    },
  };
}
