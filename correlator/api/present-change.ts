import type { ActionResult, ChangeRecord } from '../automation/change.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));

const result = (r: ActionResult | null) =>
  r === null
    ? null
    : {
        ok: r.ok,
        exitCode: r.exitCode,
        ...(r.httpStatus === undefined ? {} : { httpStatus: r.httpStatus }),
        stdout: r.stdout,
        stderr: r.stderr,
        truncated: r.truncated,
        durationMs: r.durationMs,
        timedOut: r.timedOut,
        error: r.error,
      };

/**
 * A change record as the API returns it: times as ISO-8601, everything an auditor needs (rule,
 * action, rendered command, output, exit code, duration, verification, rollback). Webhook headers
 * are never part of a change, so no secret can appear here.
 */
export function presentChange(c: ChangeRecord) {
  return {
    id: c.id,
    type: c.type,
    state: c.state,
    rule: c.rule,
    action: c.action,
    incidentId: c.incidentId,
    ciIds: c.ciIds,
    dryRun: c.dryRun,
    approvalRequired: c.approvalRequired,
    approval: c.approval ? { ...c.approval, at: iso(c.approval.at) } : null,
    rendered: c.rendered,
    result: result(c.result),
    verification: c.verification
      ? { ...c.verification, deadline: iso(c.verification.deadline), at: isoOrNull(c.verification.at) }
      : null,
    rollback: c.rollback ? { rendered: c.rollback.rendered, result: result(c.rollback.result) } : null,
    detail: c.detail,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    startedAt: isoOrNull(c.startedAt),
    finishedAt: isoOrNull(c.finishedAt),
  };
}
