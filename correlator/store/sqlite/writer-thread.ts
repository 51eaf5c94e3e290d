import { Worker } from 'node:worker_threads';
import { StoreConflictError } from '../contract.js';
import type { CommitPlan } from './commit-plan.js';
import type { WriterReply, WriterRequest, WriterSetup } from './writer-protocol.js';

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** An error the writer thread reported, with SQLite's code when it had one (`SQLITE_FULL`). */
export class WriterError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WriterError';
  }
}

/**
 * The main thread's handle on the writer thread (`writer-worker.ts`). Plans run in the order they
 * are posted; each promise settles when its transaction is durable or rolled back. A thread that
 * dies fails what was pending and is started again for the next plan.
 */
export class WriterThread {
  readonly #setup: WriterSetup;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | null = null;
  #nextId = 1;

  constructor(setup: WriterSetup) {
    this.#setup = setup;
  }

  /** Runs a plan in the writer thread; rejects with `StoreConflictError` on a version conflict. */
  execute(plan: CommitPlan): Promise<void> {
    return this.#send({ id: this.#nextId++, kind: 'commit', plan });
  }

  /** Waits for every posted plan, then closes the thread's connection and stops it. */
  async close(): Promise<void> {
    if (!this.#worker) return;
    const worker = this.#worker;
    await this.#send({ id: this.#nextId++, kind: 'close' });
    await worker.terminate();
    this.#worker = null;
  }

  #send(request: WriterRequest): Promise<void> {
    const worker = this.#worker ?? this.#start();
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  #start(): Worker {
    // The thread always runs compiled JavaScript: when this module is the TypeScript source
    // (vitest), that is the build in dist/, which the test setup produces first.
    const entry = import.meta.url.endsWith('.ts')
      ? new URL('../../../dist/correlator/store/sqlite/writer-worker.js', import.meta.url)
      : new URL('./writer-worker.js', import.meta.url);
    const worker = new Worker(entry, { workerData: this.#setup });
    worker.on('message', (reply: WriterReply) => this.#settle(reply));
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) =>
      this.#fail(worker, new WriterError(`the store's writer thread exited with code ${code}`)),
    );
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #settle(reply: WriterReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if (reply.kind === 'ok') pending.resolve();
    else if (reply.kind === 'conflict') pending.reject(new StoreConflictError(reply.what));
    else pending.reject(new WriterError(reply.message, reply.code));
  }

  #fail(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
