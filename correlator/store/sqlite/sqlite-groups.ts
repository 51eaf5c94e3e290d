import type Database from 'better-sqlite3';
import type { GroupEntry, GroupStore } from '../group-store.js';

/** The SQLite side of `GroupStore` (table `correlation_groups`, migration 5). */
export class SqliteGroups implements GroupStore {
  readonly #find;
  readonly #save;
  readonly #prune;
  readonly #due;
  readonly #delete;
  readonly #saveTx: (entries: readonly GroupEntry[]) => void;

  constructor(db: Database.Database) {
    this.#find = db.prepare(
      'SELECT doc FROM correlation_groups WHERE rule = ? AND group_key = ? AND opened_at >= ? ORDER BY opened_at, anchor',
    );
    this.#save = db.prepare(
      'INSERT OR REPLACE INTO correlation_groups (rule, group_key, anchor, opened_at, doc) VALUES (?, ?, ?, ?, ?)',
    );
    this.#prune = db.prepare('DELETE FROM correlation_groups WHERE opened_at < ?');
    this.#due = db.prepare(
      'SELECT doc FROM correlation_groups WHERE rule = ? AND opened_at < ? ORDER BY opened_at LIMIT ?',
    );
    this.#delete = db.prepare(
      'DELETE FROM correlation_groups WHERE rule = ? AND group_key = ? AND anchor = ?',
    );
    this.#saveTx = db.transaction((entries: readonly GroupEntry[]) => {
      for (const e of entries) this.#save.run(e.rule, e.key, e.anchor, e.openedAt, JSON.stringify(e));
    });
  }

  async findGroups(rule: string, key: string, since: number): Promise<GroupEntry[]> {
    return (this.#find.all(rule, key, since) as Array<{ doc: string }>).map((row) => JSON.parse(row.doc));
  }

  async saveGroups(entries: readonly GroupEntry[]): Promise<void> {
    if (entries.length > 0) this.#saveTx(entries);
  }

  async dueGroups(rule: string, before: number, limit: number): Promise<GroupEntry[]> {
    return (this.#due.all(rule, before, limit) as Array<{ doc: string }>).map((row) => JSON.parse(row.doc));
  }

  async deleteGroups(entries: ReadonlyArray<Pick<GroupEntry, 'rule' | 'key' | 'anchor'>>): Promise<void> {
    for (const e of entries) this.#delete.run(e.rule, e.key, e.anchor);
  }

  async pruneGroups(before: number): Promise<number> {
    return this.#prune.run(before).changes;
  }
}
