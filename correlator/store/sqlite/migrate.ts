import type Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

/** Applies pending migrations in one IMMEDIATE transaction, so two processes opening a new file cannot race. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
