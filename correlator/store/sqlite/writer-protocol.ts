import type { CommitPlan } from './commit-plan.js';

/** What the writer thread is started with. */
export interface WriterSetup {
  path: string;
  synchronous: 'NORMAL' | 'FULL';
}

/** A message to the writer thread: run a plan, or close the connection and stop. */
export type WriterRequest = { id: number; kind: 'commit'; plan: CommitPlan } | { id: number; kind: 'close' };

/** The writer thread's answer to one request. */
export type WriterReply =
  | { id: number; kind: 'ok' }
  | { id: number; kind: 'conflict'; what: string }
  | { id: number; kind: 'error'; message: string; code?: string };
