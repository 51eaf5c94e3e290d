import type { ActionResult, ChangeRecord } from './change.js';
import type { EngineCore } from './context.js';
import { executeAction } from './execute.js';
import { loadFacts } from './facts.js';
import { describeChange, escalateAfterFailure, noteChange } from './incident-effects.js';
import { templateValues } from './match.js';
import { RenderError, renderAction } from './render.js';
import { RULE_DEFAULTS } from './rule.js';

/** Saves a change and returns it as stored (version + 1). */
export async function save(core: EngineCore, change: ChangeRecord): Promise<ChangeRecord> {
  await core.deps.store.saveChange(change);
  return { ...change, version: change.version + 1 };
}

/** Adds a timeline entry about a change to its incident. */
export async function note(core: EngineCore, change: ChangeRecord, action: string, detail: string) {
  await core.deps.incidents.amendIncident(change.incidentId, (incident, now) =>
    noteChange(incident, action, `${describeChange(change)}: ${detail}`, now),
  );
}

/** Counts a change that reached a final state. */
function count(core: EngineCore, change: ChangeRecord): void {
  core.deps.metrics.runs.inc({ action: change.action, result: change.state });
}

function outputBytes(core: EngineCore): number {
  return core.deps.maxOutputBytes ?? 65_536;
}

/**
 * Starts executing a change that is `running` (call inside the queue): the action runs outside the
 * queue, and its outcome comes back through the queue to `afterRun`.
 */
export function launch(core: EngineCore, change: ChangeRecord): void {
  const rendered = change.rendered!;
  core.running++;
  core.track(
    (async () => {
      let result: ActionResult;
      try {
        result = await executeAction(rendered, {
          catalog: core.deps.catalog,
          remote: core.deps.remote ?? null,
          maxOutputBytes: outputBytes(core),
        });
      } finally {
        core.running--;
      }
      core.deps.metrics.actionDuration.observe({ kind: rendered.kind }, result.durationMs / 1000);
      await core.queue.run(() => afterRun(core, change.id, result));
    })(),
  );
}

/** The action came back: failure goes to rollback and escalation, success waits for the signal. */
async function afterRun(core: EngineCore, id: string, result: ActionResult): Promise<void> {
  const change = await core.deps.store.getChange(id);
  if (change?.state !== 'running') return;
  const now = core.deps.clock.now();
  const ran: ChangeRecord = { ...change, result, updatedAt: now };
  if (!result.ok) {
    const why = result.error ?? `exit code ${result.exitCode}`;
    await fail(core, ran, `the action failed: ${why}`);
    return;
  }
  const verifyMs = core.rules.get(change.rule)?.verifyMs ?? RULE_DEFAULTS.verifyMs;
  const verifying = await save(core, {
    ...ran,
    state: 'verifying',
    detail: `ran; waiting up to ${verifyMs / 1000} s for the monitoring signal to recover`,
    verification: { deadline: now + verifyMs, result: 'pending', at: null, detail: '' },
  });
  const incident = await core.deps.store.getIncident(change.incidentId);
  if (incident && incident.firingFingerprints.length === 0) await succeed(core, verifying);
}

/** The signal recovered while the change was verifying: the change is credited with the fix. */
export async function succeed(core: EngineCore, change: ChangeRecord): Promise<void> {
  const now = core.deps.clock.now();
  const after = Math.round((now - change.updatedAt) / 1000);
  const done = await save(core, {
    ...change,
    state: 'succeeded',
    detail: 'fixed: the monitoring signal recovered after the action',
    verification: {
      deadline: change.verification?.deadline ?? now,
      result: 'recovered',
      at: now,
      detail: 'every alert of the incident recovered',
    },
    updatedAt: now,
    finishedAt: now,
  });
  count(core, done);
  await note(
    core,
    done,
    'automation_succeeded',
    `the monitoring signal recovered ${after} s after the action; credited with the fix`,
  );
}

/**
 * The change did not fix the incident (the action failed, or the signal did not recover in time):
 * runs the rule's rollback if it has one, records the outcome and escalates the incident.
 */
export async function fail(core: EngineCore, change: ChangeRecord, reason: string): Promise<void> {
  const rule = core.rules.get(change.rule);
  const now = core.deps.clock.now();
  if (!rule?.rollback) {
    await finishFailed(core, { ...change, state: 'failed', detail: reason, updatedAt: now, finishedAt: now });
    return;
  }
  const facts = await loadFacts(core.deps.store, change.incidentId);
  let rendered = null;
  let renderProblem = '';
  try {
    if (!facts) throw new RenderError('the incident no longer exists');
    rendered = renderAction(rule.rollback, templateValues(rule.name, facts));
  } catch (error) {
    renderProblem = (error as Error).message;
  }
  if (!rendered) {
    await finishFailed(core, {
      ...change,
      state: 'failed',
      detail: `${reason}; the rollback was not run: ${renderProblem}`,
      rollback: { rendered: null, result: null },
      updatedAt: now,
      finishedAt: now,
    });
    return;
  }
  // Out of `verifying` before the queue is released, so the verification timer cannot take it again.
  const rollingBack = await save(core, {
    ...change,
    state: 'running',
    detail: `${reason}; rolling back`,
    rollback: { rendered, result: null },
    updatedAt: now,
  });
  core.running++;
  core.track(
    (async () => {
      let result: ActionResult;
      try {
        result = await executeAction(rendered, {
          catalog: core.deps.catalog,
          remote: core.deps.remote ?? null,
          maxOutputBytes: outputBytes(core),
        });
      } finally {
        core.running--;
      }
      await core.queue.run(async () => {
        const current = await core.deps.store.getChange(rollingBack.id);
        if (!current) return;
        const at = core.deps.clock.now();
        await finishFailed(core, {
          ...current,
          state: result.ok ? 'rolled_back' : 'failed',
          detail: result.ok
            ? `${reason}; rolled back`
            : `${reason}; the rollback failed too: ${result.error ?? `exit code ${result.exitCode}`}`,
          rollback: { rendered, result },
          updatedAt: at,
          finishedAt: at,
        });
      });
    })(),
  );
}

/** Stores a change that ended without fixing its incident, counts it and escalates the incident. */
export async function finishFailed(core: EngineCore, change: ChangeRecord): Promise<void> {
  const done = await save(core, change);
  count(core, done);
  core.deps.logger?.warn(
    { change: done.id, rule: done.rule, detail: done.detail },
    'automation change failed; incident escalated',
  );
  await core.deps.incidents.amendIncident(done.incidentId, (incident, now) =>
    escalateAfterFailure(incident, done, core.deps.escalation, now),
  );
}
