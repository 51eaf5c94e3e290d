import { IdAllocator } from '../incidents/id-allocator.js';
import { ACTIVE_CHANGE_STATES, type ChangeRecord, type ChangeState } from './change.js';
import { launch, note, save } from './closed-loop.js';
import type { EngineCore } from './context.js';
import { decideGuardrails, type GuardrailHistory } from './guardrails.js';
import { escalateAfterFailure } from './incident-effects.js';
import { changeTarget, type IncidentFacts, templateValues } from './match.js';
import { renderAction } from './render.js';
import { type AutomationRule, actionKey } from './rule.js';

/** States of changes that ran or hold a place to run: what attempts, cooldown and rate limits count. */
export const COUNTED_STATES: readonly ChangeState[] = [
  'pending_approval',
  'running',
  'verifying',
  'succeeded',
  'failed',
  'rolled_back',
];

/** Reads what the guardrails need about earlier changes of this rule, incident, CI and action. */
async function history(core: EngineCore, rule: AutomationRule, facts: IncidentFacts, now: number) {
  const { store } = core.deps;
  const incidentId = facts.incident.id;
  const target = changeTarget(facts);
  const action = actionKey(rule.action);
  const { perCi, perAction } = rule.guardrails;
  const [inFlight, attempts, lastRunAt, recentOnCi, recentOfAction] = await Promise.all([
    store.countChanges({ rule: rule.name, incidentId, states: ACTIVE_CHANGE_STATES }),
    store.countChanges({ rule: rule.name, incidentId, states: COUNTED_STATES }),
    store.lastChangeAt({ rule: rule.name, target, states: COUNTED_STATES }),
    perCi ? store.countChanges({ target, since: now - perCi.windowMs, states: COUNTED_STATES }) : 0,
    perAction ? store.countChanges({ action, since: now - perAction.windowMs, states: COUNTED_STATES }) : 0,
  ]);
  const result: GuardrailHistory = {
    inFlight,
    attempts,
    lastRunAt,
    recentOnCi,
    recentOfAction,
    running: core.running,
  };
  return result;
}

/**
 * Lets one matching rule act on an incident (call inside the queue): asks the guardrails, then
 * records a change as a dry run, waiting for approval, failed (the action could not be rendered
 * safely: nothing ran, the incident escalates) or running, and starts the action.
 */
export async function considerRule(
  core: EngineCore,
  ids: IdAllocator,
  rule: AutomationRule,
  facts: IncidentFacts,
): Promise<ChangeRecord | null> {
  const { clock, metrics, logger } = core.deps;
  const now = clock.now();
  const decision = decideGuardrails(rule.guardrails, await history(core, rule, facts, now), now, {
    maxConcurrent: core.deps.maxConcurrent ?? 4,
    dryRun: core.deps.dryRun ?? false,
  });
  if (!decision.allow) {
    metrics.blocked.inc({ guardrail: decision.guardrail });
    logger?.info(
      {
        rule: rule.name,
        incident: facts.incident.id,
        guardrail: decision.guardrail,
        detail: decision.detail,
      },
      'automation run refused by a guardrail',
    );
    return null;
  }
  const [id] = await ids.take(1);
  let rendered = null;
  let problem = '';
  try {
    rendered = renderAction(rule.action, templateValues(rule.name, facts));
  } catch (error) {
    problem = (error as Error).message;
  }
  const base: ChangeRecord = {
    id: id!,
    type: 'standard',
    state: 'running',
    rule: rule.name,
    action: actionKey(rule.action),
    incidentId: facts.incident.id,
    ciIds: facts.incident.ciIds,
    target: changeTarget(facts),
    dryRun: decision.dryRun,
    approvalRequired: rule.guardrails.approval,
    approval: null,
    rendered,
    result: null,
    verification: null,
    rollback: null,
    detail: '',
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
    version: 0,
  };
  if (decision.dryRun) {
    const done = await save(core, {
      ...base,
      state: 'dry_run',
      detail: rendered ? 'dry run: rendered and recorded, not run' : `dry run: would not run: ${problem}`,
      finishedAt: now,
    });
    metrics.runs.inc({ action: done.action, result: 'dry_run' });
    await note(core, done, 'automation_dry_run', done.detail);
    return done;
  }
  if (!rendered) {
    const done = await save(core, {
      ...base,
      state: 'failed',
      detail: `not run: ${problem}`,
      finishedAt: now,
    });
    metrics.runs.inc({ action: done.action, result: 'failed' });
    await core.deps.incidents.amendIncident(done.incidentId, (incident, at) =>
      escalateAfterFailure(incident, done, core.deps.escalation, at),
    );
    return done;
  }
  if (decision.approval) {
    const waiting = await save(core, {
      ...base,
      state: 'pending_approval',
      detail: 'waiting for an operator to approve or reject it',
    });
    await note(
      core,
      waiting,
      'automation_awaiting_approval',
      'approve or reject it with POST /api/v1/changes/{id}/approve|reject',
    );
    return waiting;
  }
  const running = await save(core, { ...base, startedAt: now, detail: 'running' });
  await note(core, running, 'automation_started', 'the action is running');
  launch(core, running);
  return running;
}

/** The allocator of change ids (`CHG-000001`), in small blocks: changes are rare. */
export function changeIds(core: EngineCore): IdAllocator {
  return new IdAllocator(core.deps.store, 'change', 'CHG-', 10);
}
