import { fdatasync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalSyncer } from './wal-syncer.js';

describe('WalSyncer', () => {
  let dir: string;
  let wal: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-walsync-'));
    wal = join(dir, 'vigil.db-wal');
    writeFileSync(wal, 'frames');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** fdatasync that counts its calls. */
  const counting = () => {
    const calls = { n: 0 };
    const datasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      calls.n++;
      fdatasync(fd, cb);
    }) as typeof fdatasync;
    return { calls, datasync };
  };

  it('coalesces the syncs asked for while one is in flight into one more (group commit)', async () => {
    const { calls, datasync } = counting();
    const syncer = new WalSyncer(wal, datasync);
    const first = syncer.sync(); // starts a sync at once
    const rest = Array.from({ length: 50 }, () => syncer.sync()); // all wait for the next one
    await Promise.all([first, ...rest]);
    expect(calls.n).toBe(2);
    await syncer.sync();
    expect(calls.n).toBe(3);
    await syncer.close();
  });

  it('rejects every waiter of a failed sync, and syncs again afterwards', async () => {
    let fail = true;
    const datasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      if (fail)
        setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
      else fdatasync(fd, cb);
    }) as typeof fdatasync;
    const syncer = new WalSyncer(wal, datasync);
    const results = await Promise.allSettled([syncer.sync()]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'EIO' } });
    fail = false;
    await expect(syncer.sync()).resolves.toBeUndefined();
    await syncer.close();
  });

  it('rejects when the WAL file does not exist, naming it', async () => {
    const syncer = new WalSyncer(join(dir, 'missing.db-wal'));
    await expect(syncer.sync()).rejects.toMatchObject({ code: 'ENOENT' });
    await syncer.close();
  });

  it('close waits for the sync in flight', async () => {
    let finish!: () => void;
    const datasync = ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      finish = () => cb(null);
    }) as typeof fdatasync;
    const syncer = new WalSyncer(wal, datasync);
    let synced = false;
    const pending = syncer.sync().then(() => {
      synced = true;
    });
    let closed = false;
    const closing = syncer.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    finish();
    await Promise.all([pending, closing]);
    expect(synced && closed).toBe(true);
  });
});
