import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY } from '../../correlator/incidents/policy.js';
import type { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';
import { automationCorrelator } from '../support/automation-fixture.js';
import { bearer } from '../support/correlator-fixture.js';

/**
 * The closed loop, scripted in time with a manual clock: a disk-full incident triggers a rule whose
 * action is a real local program; the signal recovering credits the change, not recovering by the
 * deadline runs the rollback and escalates. Guardrails are exercised through the same path.
 */
type Harness = Awaited<ReturnType<typeof automationCorrelator>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MINUTE = 60_000;
const escalation = { ...DEFAULT_ESCALATION_POLICY, levels: [{ group: 'l2-support' }] };

const rule = (extra = '', action = 'script: record') => `
automation:
  - name: clean-disk
    match: ['check="filesystem.used_percent"', 'category="capacity"', 'priority=~"P[1-3]"', 'mount="/"']
    action: { ${action}, args: ["--incident={{ incident.id }}", "{{ labels.mount }}"] }
    rollback: { script: rollback, args: ["{{ incident.id }}"] }
    verify: 5m
${extra}`;

describe('acceptance: automation closed loop', () => {
  it('runs the action, and a recovery within the verification time credits the change and resolves the incident', async () => {
    h = await automationCorrelator({ rules: rule(), policy: { escalation } });
    await h.fire();
    expect(h.scripts.recorded()).toEqual(['--incident=INC-000001', '/']);
    expect(await h.change()).toMatchObject({
      id: 'CHG-000001',
      type: 'standard',
      state: 'verifying',
      rule: 'clean-disk',
      action: 'script:record',
      incidentId: 'INC-000001',
      rendered: { kind: 'script', argv: ['--incident=INC-000001', '/'] },
      result: { ok: true, exitCode: 0, stdout: 'recorded\n', timedOut: false },
      verification: { result: 'pending', deadline: h.c.clock.now() + 5 * MINUTE },
    });

    await h.tickAfter(4 * MINUTE);
    expect((await h.change())!.state).toBe('verifying');
    await h.recover();

    const change = (await h.change())!;
    expect(change).toMatchObject({
      state: 'succeeded',
      verification: { result: 'recovered' },
      rollback: null,
    });
    expect(change.finishedAt).toBe(h.c.clock.now());
    expect(await h.incident()).toMatchObject({ status: 'resolved', escalationLevel: 0 });
    const timeline = await h.timeline();
    expect(timeline).toEqual([
      'created',
      'classified',
      'automation_started',
      'resolved',
      'automation_succeeded',
    ]);
    const credit = (await h.c.store.getTimeline('INC-000001')).at(-1)!;
    expect(credit.detail).toContain('CHG-000001 (rule clean-disk, script:record)');
    expect(credit.detail).toContain('credited with the fix');
    expect(h.scripts.rolledBack()).toBeNull();
    expect(await h.metric('vigil_automation_runs_total')).toEqual([
      'vigil_automation_runs_total{action="script:record",result="succeeded"} 1',
    ]);
  });

  it('without recovery by the deadline runs the rollback, escalates the incident and records the failure', async () => {
    h = await automationCorrelator({ rules: rule(), policy: { escalation } });
    await h.fire();
    await h.tickAfter(5 * MINUTE - 1);
    expect((await h.change())!.state).toBe('verifying');
    expect(h.scripts.rolledBack()).toBeNull();

    await h.tickAfter(1);
    expect(h.scripts.rolledBack()).toEqual(['INC-000001']);
    expect(await h.change()).toMatchObject({
      state: 'rolled_back',
      verification: { result: 'not_recovered' },
      rollback: { rendered: { kind: 'script', argv: ['INC-000001'] }, result: { ok: true, exitCode: 0 } },
    });
    expect((await h.change())!.detail).toMatch(/did not recover within 300 s; rolled back/);
    expect(await h.incident()).toMatchObject({
      status: 'new',
      escalationLevel: 1,
      assignmentGroup: 'l2-support',
    });
    expect(await h.timeline()).toEqual([
      'created',
      'classified',
      'automation_started',
      'automation_failed',
      'escalated',
    ]);
    expect(await h.metric('vigil_automation_runs_total')).toEqual([
      'vigil_automation_runs_total{action="script:record",result="rolled_back"} 1',
    ]);
    // A later recovery does not turn the failed change into a success.
    await h.recover();
    expect((await h.change())!.state).toBe('rolled_back');
  });

  it('a failing action (exit code 3) is rolled back and escalated at once, with its output kept', async () => {
    h = await automationCorrelator({ rules: rule('', 'script: fail'), policy: { escalation } });
    await h.fire();
    const change = (await h.change())!;
    expect(change).toMatchObject({
      state: 'rolled_back',
      result: { ok: false, exitCode: 3, stderr: 'disk still full\n' },
      verification: null,
    });
    expect(change.detail).toBe('the action failed: exit code 3; rolled back');
    expect((await h.incident())!.escalationLevel).toBe(1);
  });

  it('waits for approval: an operator approves through the API and the loop runs', async () => {
    h = await automationCorrelator({ rules: rule('    approval: true') });
    await h.fire();
    expect(await h.change()).toMatchObject({
      state: 'pending_approval',
      approvalRequired: true,
      result: null,
    });
    expect(h.scripts.recorded()).toBeNull();
    expect(await h.timeline()).toContain('automation_awaiting_approval');

    const res = await h.c.app.inject({
      method: 'POST',
      url: '/api/v1/changes/CHG-000001/approve',
      headers: bearer('operator'),
      payload: { note: 'go ahead' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'running',
      approval: { decision: 'approved', by: 'test-operator', note: 'go ahead' },
    });
    await h.engine.idle();
    expect(h.scripts.recorded()).toEqual(['--incident=INC-000001', '/']);
    await h.recover();
    expect((await h.change())!.state).toBe('succeeded');
  });

  it('waits for approval: a rejected change never runs', async () => {
    h = await automationCorrelator({ rules: rule('    approval: true') });
    await h.fire();
    const res = await h.c.app.inject({
      method: 'POST',
      url: '/api/v1/changes/CHG-000001/reject',
      headers: bearer('operator'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'rejected',
      approval: { decision: 'rejected', by: 'test-operator' },
    });
    await h.engine.idle();
    await h.tickAfter(10 * MINUTE);
    expect(h.scripts.recorded()).toBeNull();
    expect(await h.timeline()).toContain('automation_rejected');
    expect(await h.metric('vigil_automation_runs_total')).toEqual([
      'vigil_automation_runs_total{action="script:record",result="rejected"} 1',
    ]);
  });

  it('dry run (per rule) renders and records the change but runs nothing', async () => {
    h = await automationCorrelator({ rules: rule('    dryRun: true') });
    await h.fire();
    expect(await h.change()).toMatchObject({
      state: 'dry_run',
      dryRun: true,
      rendered: { kind: 'script', argv: ['--incident=INC-000001', '/'] },
      result: null,
    });
    expect(h.scripts.recorded()).toBeNull();
    await h.tickAfter(10 * MINUTE);
    expect(h.scripts.rolledBack()).toBeNull();
    expect((await h.incident())!.escalationLevel).toBe(0);
  });

  it('dry run (global automation.dryRun) applies to every rule', async () => {
    h = await automationCorrelator({ rules: rule(), dryRun: true });
    await h.fire();
    expect((await h.change())!.state).toBe('dry_run');
    expect(h.scripts.recorded()).toBeNull();
  });

  it('cooldown: a failure returning soon after a run is not acted on until the cooldown passed', async () => {
    h = await automationCorrelator({ rules: rule('    cooldown: 30m\n    maxAttempts: 10') });
    await h.fire();
    await h.recover();
    h.c.clock.advance(10 * MINUTE);
    await h.fire(); // reopens INC-000001 within the reopen window
    expect(await h.changes()).toHaveLength(1);
    expect(await h.metric('vigil_automation_blocked_total')).toEqual([
      'vigil_automation_blocked_total{guardrail="cooldown"} 1',
    ]);
    await h.recover();
    h.c.clock.advance(21 * MINUTE);
    await h.fire();
    expect((await h.changes()).map((c) => c.id)).toEqual(['CHG-000002', 'CHG-000001']);
  });

  it('maximum attempts: a rule acts on one incident at most maxAttempts times', async () => {
    h = await automationCorrelator({ rules: rule('    cooldown: 0s\n    maxAttempts: 2') });
    for (let round = 0; round < 3; round++) {
      await h.fire();
      await h.recover();
      h.c.clock.advance(MINUTE);
    }
    expect((await h.changes()).map((c) => c.state)).toEqual(['succeeded', 'succeeded']);
    expect(await h.metric('vigil_automation_blocked_total')).toEqual([
      'vigil_automation_blocked_total{guardrail="max_attempts"} 1',
    ]);
  });

  it('rate limit per CI: runs on one resource are capped across incidents', async () => {
    const rules = `
automation:
  - name: any-disk
    match: ['category="capacity"']
    action: { script: record, args: ["{{ incident.id }}"] }
    cooldown: 0s
    rateLimit: { perCi: { count: 1, window: 1h } }
`;
    h = await automationCorrelator({ rules });
    await h.fire();
    await h.fire({ check: 'filesystem.inodes_used_percent', summary: 'inodes' });
    expect((await h.changes()).map((c) => c.incidentId)).toEqual(['INC-000001']);
    expect(await h.metric('vigil_automation_blocked_total')).toEqual([
      'vigil_automation_blocked_total{guardrail="rate_limit_ci"} 1',
    ]);
    // Another resource is another CI.
    await h.fire({ resource: 'web-2' });
    expect((await h.changes()).map((c) => c.incidentId)).toEqual(['INC-000003', 'INC-000001']);
    // Once the window has passed, web-1 may be acted on again.
    h.c.clock.advance(61 * MINUTE);
    await h.fire({ labels: { mount: '/var' }, summary: '/var is full' });
    expect((await h.changes()).map((c) => c.incidentId)).toEqual(['INC-000004', 'INC-000003', 'INC-000001']);
  });

  it('rate limit per action: one action is capped across CIs', async () => {
    const rules = `
automation:
  - name: any-disk
    match: ['category="capacity"']
    action: { script: record, args: ["{{ resource }}"] }
    rateLimit: { perAction: { count: 2, window: 1h } }
`;
    h = await automationCorrelator({ rules });
    for (const resource of ['web-1', 'web-2', 'web-3']) await h.fire({ resource });
    expect(h.scripts.recorded()).toEqual(['web-1', 'web-2']);
    expect(await h.metric('vigil_automation_blocked_total')).toEqual([
      'vigil_automation_blocked_total{guardrail="rate_limit_action"} 1',
    ]);
  });

  it('concurrency: with one slot taken by a running action, another run is refused', async () => {
    const rules = `
automation:
  - name: slow-fix
    match: ['resource="web-1"']
    action: { script: slow }
  - name: quick-fix
    match: ['resource="web-2"']
    action: { script: record, args: ["{{ resource }}"] }
`;
    h = await automationCorrelator({ rules, maxConcurrent: 1 });
    // Do not wait for the slow action: post directly.
    const slow = h.c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: {
        events: [
          {
            source: 'host',
            resource: 'web-1',
            check: 'filesystem.used_percent',
            severity: 'critical',
            status: 'firing',
            summary: 'full',
          },
        ],
      },
    });
    await slow;
    // Let the engine record the running change (the action itself runs 30 s or until killed).
    for (let i = 0; i < 50 && (await h.changes()).length === 0; i++)
      await new Promise((r) => setImmediate(r));
    expect((await h.changes()).map((c) => c.state)).toEqual(['running']);
    await h.c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: {
        events: [
          {
            source: 'host',
            resource: 'web-2',
            check: 'filesystem.used_percent',
            severity: 'critical',
            status: 'firing',
            summary: 'full',
          },
        ],
      },
    });
    for (let i = 0; i < 50 && (await h.metric('vigil_automation_blocked_total')).length === 0; i++)
      await new Promise((r) => setImmediate(r));
    expect(await h.metric('vigil_automation_blocked_total')).toEqual([
      'vigil_automation_blocked_total{guardrail="concurrency"} 1',
    ]);
    expect(h.scripts.recorded()).toBeNull();
  }, 20_000);
});

describe('acceptance: automation after a restart', () => {
  it('marks a change left running by a stopped process as failed and escalates its incident', async () => {
    h = await automationCorrelator({ rules: rule(), policy: { escalation } });
    await h.fire();
    // What a process killed mid-action leaves behind: the change stored as running.
    const stored = (await h.change())!;
    await (h.c.store as SqliteStore).saveChange({
      ...stored,
      state: 'running',
      verification: null,
    });
    expect(await h.engine.recoverInterrupted()).toBe(1);
    expect(await h.change()).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('interrupted'),
    });
    expect(await h.incident()).toMatchObject({ escalationLevel: 1, assignmentGroup: 'l2-support' });
    expect(await h.engine.recoverInterrupted()).toBe(0);
  });
});
