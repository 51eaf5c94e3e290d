/** States of a change record (ITIL standard change run by automation). */
export const CHANGE_STATES = [
  'pending_approval',
  'running',
  'verifying',
  'succeeded',
  'failed',
  'rolled_back',
  'rejected',
  'dry_run',
] as const;
/** One change state. */
export type ChangeState = (typeof CHANGE_STATES)[number];

/** States a change can still leave: it holds a guardrail slot (cooldown, in-flight) while in one. */
export const ACTIVE_CHANGE_STATES: readonly ChangeState[] = ['pending_approval', 'running', 'verifying'];

/** Kinds of action a rule can run. */
export const ACTION_KINDS = ['ssh', 'webhook', 'script'] as const;
/** One action kind. */
export type ActionKind = (typeof ACTION_KINDS)[number];

/**
 * An action rendered for one incident: exactly what runs, with every event value already in its
 * own argument (or JSON string). Stored on the change so an auditor sees what was executed.
 */
export type RenderedAction =
  | {
      kind: 'ssh';
      runbook: string;
      target: { host: string; port?: number; user?: string };
      argv: string[];
      timeoutMs: number;
    }
  | { kind: 'script'; script: string; path: string; argv: string[]; timeoutMs: number }
  | {
      kind: 'webhook';
      webhook: string;
      /** Scheme, host and port only: webhook paths and queries often carry tokens, so they are not stored. */
      origin: string;
      body: unknown;
      timeoutMs: number;
    };

/** What one execution of an action gave (output bounded by `automation.outputBytes`). */
export interface ActionResult {
  /** True when the action did what it was asked: exit code 0, or an HTTP 2xx answer. */
  ok: boolean;
  exitCode: number | null;
  /** HTTP status of a webhook answer. */
  httpStatus?: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
  durationMs: number;
  timedOut: boolean;
  /** Why it could not run or failed outside the program (spawn error, connection refused, ...). */
  error: string | null;
}

/** The closed-loop verdict: did the monitoring signal recover in time. */
export interface Verification {
  /** When the signal must have recovered by, ms since epoch. */
  deadline: number;
  result: 'pending' | 'recovered' | 'not_recovered' | 'skipped';
  at: number | null;
  detail: string;
}

/** An operator's decision on a change that needed approval. */
export interface Approval {
  decision: 'approved' | 'rejected';
  by: string;
  at: number;
  note: string | null;
}

/**
 * One automation run as an ITIL standard change (DESIGN.md "Changes"): the rule that fired, the
 * action as rendered, its outcome, the verification of the fix and the rollback if one ran.
 */
export interface ChangeRecord {
  /** `CHG-000001`. */
  id: string;
  type: 'standard';
  state: ChangeState;
  rule: string;
  /** `kind:name` of the action, e.g. `ssh:restart-service`: the key per-action rate limits count by. */
  action: string;
  incidentId: string;
  ciIds: string[];
  /** The key per-CI rate limits count by: the incident's first CI, else `resource:<name>`. */
  target: string;
  dryRun: boolean;
  approvalRequired: boolean;
  approval: Approval | null;
  /** What runs (or would run, for a dry run); null when the action could not be rendered safely. */
  rendered: RenderedAction | null;
  result: ActionResult | null;
  verification: Verification | null;
  /** The rollback, once one was attempted; `rendered` null when it could not be rendered. */
  rollback: { rendered: RenderedAction | null; result: ActionResult | null } | null;
  /** Why the change ended as it did, in one line. */
  detail: string;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Optimistic-concurrency version; 0 means not yet stored. */
  version: number;
}
