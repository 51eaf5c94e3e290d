import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('keeps a process with nothing else to do alive until it has stopped (one-shot commands)', () => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    const module = fileURLToPath(new URL('./wal-checkpointer.ts', import.meta.url));
    const script = `
      const { WalCheckpointer } = await import(${JSON.stringify(module)});
      const checkpointer = new WalCheckpointer(${JSON.stringify(path)}, { everyMs: 10 });
      await checkpointer.stop();
      console.log('after stop');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toContain('after stop');
  });
});
