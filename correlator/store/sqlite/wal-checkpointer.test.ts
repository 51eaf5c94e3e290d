import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CheckpointReport, WalCheckpointer } from './wal-checkpointer.js';

describe('WalCheckpointer', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-ckpt-'));
    path = join(dir, 'vigil.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints what the writer committed, from its own thread, and stops cleanly', async () => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0'); // only the checkpointer copies frames back
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    })();
    const before = statSync(path).size;
    const reports: CheckpointReport[] = [];
    const checkpointer = new WalCheckpointer(path, { everyMs: 10, onReport: (r) => reports.push(r) });
    await vi.waitFor(() =>
      expect(reports.some((r) => r.kind === 'checkpoint' && r.log > 0 && r.checkpointed === r.log)).toBe(
        true,
      ),
    );
    // The pages are in the database file now, not only in the WAL.
    expect(statSync(path).size).toBeGreaterThan(before);
    await checkpointer.stop();
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(2000);
    db.close();
  });

  it('a file it cannot open ends the thread without harming the caller', async () => {
    const reports: CheckpointReport[] = [];
    const checkpointer = new WalCheckpointer(dir /* a directory, not a database */, {
      everyMs: 10,
      onReport: (r) => reports.push(r),
    });
    await checkpointer.stop();
    expect(reports.filter((r) => r.kind === 'checkpoint')).toEqual([]);
  });
});
