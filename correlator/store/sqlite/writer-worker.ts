/**
 * The writer thread's entry point: its own connection to the store file, running the commit plans
 * the store posts, one at a time and in order, and answering each with ok, conflict or error.
 * Keeping SQLite's statement work, WAL writes, fsyncs and checkpoints here leaves the main thread
 * free to parse and correlate the next requests meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { StoreConflictError } from '../contract.js';
import { commitExecutor } from './commit-executor.js';
import type { CommitPlan } from './commit-plan.js';
import { prepare } from './statements.js';
import type { WriterReply, WriterRequest, WriterSetup } from './writer-protocol.js';

const setup = workerData as WriterSetup;
const db = new Database(setup.path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${setup.synchronous}`);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
db.pragma('foreign_keys = ON');
const execute = commitExecutor(db, prepare(db));

const port = parentPort!;
port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.postMessage({ id: request.id, kind: 'ok' } satisfies WriterReply);
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    execute(request.plan as CommitPlan);
    reply = { id: request.id, kind: 'ok' };
  } catch (error) {
    reply =
      error instanceof StoreConflictError
        ? { id: request.id, kind: 'conflict', what: error.what }
        : {
            id: request.id,
            kind: 'error',
            message: (error as Error).message,
            code: (error as { code?: string }).code,
          };
  }
  port.postMessage(reply);
});
