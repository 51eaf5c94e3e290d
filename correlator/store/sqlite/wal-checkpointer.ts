import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The checkpointer's thread: its own connection to the same file, a PASSIVE checkpoint every
 * `everyMs` (it copies committed WAL frames into the database file and syncs it, never blocking
 * the writer), and a last one on `stop`. CommonJS source run with `eval`, so the same code works
 * from the TypeScript sources (tests) and from `dist/`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ kind: 'checkpoint', log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ kind: 'stopped' });
  parentPort.close();
});
`;

/** What the checkpointer reports, for tests and logs. */
export type CheckpointReport =
  | { kind: 'checkpoint'; log: number; checkpointed: number }
  | { kind: 'error'; message: string };

/**
 * Moves WAL checkpoints off the event loop. With SQLite's automatic checkpoint, the commit that
 * crosses 1,000 WAL pages copies them into the database file and fsyncs both files on the main
 * thread, stalling ingest every few dozen commits. vigil's connection raises that threshold to a
 * safety net (`SAFETY_NET_PAGES`) and this thread checkpoints every `everyMs` instead.
 */
export class WalCheckpointer {
  /** WAL pages at which the main connection still checkpoints itself (the thread died or lags). */
  static readonly SAFETY_NET_PAGES = 16_384;

  readonly #worker: Worker;
  readonly #stopped: Promise<void>;

  constructor(
    path: string,
    options: { everyMs?: number; onReport?: (report: CheckpointReport) => void } = {},
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, driver, everyMs: options.everyMs ?? 250 },
    });
    // A checkpointer must never keep the process alive on its own.
    this.#worker.unref();
    this.#stopped = new Promise((resolve) => {
      this.#worker.once('exit', () => resolve());
    });
    this.#worker.on('message', (message: CheckpointReport | { kind: 'stopped' }) => {
      if (message.kind !== 'stopped') options.onReport?.(message);
    });
    // Without the thread the safety net still checkpoints; an error here must not crash vigil.
    this.#worker.on('error', () => undefined);
  }

  /** Runs a last checkpoint and ends the thread. */
  async stop(): Promise<void> {
    // Referenced again while it finishes: otherwise a process with nothing else left to do (a
    // one-shot command closing its store) would exit in the middle of this await, silently.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#stopped;
  }
}
