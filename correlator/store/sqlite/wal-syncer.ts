import { closeSync, fdatasync, openSync } from 'node:fs';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Makes commits durable without blocking the event loop on fsync. The pipeline commits with
 * `synchronous = NORMAL` (SQLite writes the WAL frames but does not sync them), then asks for a
 * sync here: `fdatasync` of the WAL file runs on libuv's thread pool while the next batch is
 * correlated, and every commit written before a sync started is durable when it completes. Syncs
 * coalesce: commits that arrive while one is in flight share the next one (group commit).
 *
 * Safe because a WAL transaction is durable once all its frames, commit frame included, are on
 * disk (SQLite recovers the WAL at open and ignores frames after the last valid commit), and
 * fdatasync applies to the file, whichever descriptor names it.
 */
export class WalSyncer {
  readonly #path: string;
  readonly #datasync: typeof fdatasync;
  #fd: number | null = null;
  #inFlight = false;
  #queued: Waiter[] = [];
  #idle: Array<() => void> = [];

  /** `datasync` is `fs.fdatasync`; tests pass a wrapper to count or fail syncs. */
  constructor(walPath: string, datasync: typeof fdatasync = fdatasync) {
    this.#path = walPath;
    this.#datasync = datasync;
  }

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queued.push({ resolve, reject });
      if (!this.#inFlight) this.#start();
    });
  }

  /** Waits for the syncs in flight, then releases the file. */
  async close(): Promise<void> {
    if (this.#inFlight) await new Promise<void>((resolve) => this.#idle.push(resolve));
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #start(): void {
    const waiters = this.#queued;
    this.#queued = [];
    let fd: number;
    try {
      // Opened on first use: SQLite creates the WAL file with the first write.
      this.#fd ??= openSync(this.#path, 'r');
      fd = this.#fd;
    } catch (error) {
      for (const w of waiters) w.reject(error as Error);
      return;
    }
    this.#inFlight = true;
    this.#datasync(fd, (error) => {
      this.#inFlight = false;
      for (const w of waiters) error ? w.reject(error) : w.resolve();
      if (this.#queued.length > 0) this.#start();
      else for (const done of this.#idle.splice(0)) done();
    });
  }
}
