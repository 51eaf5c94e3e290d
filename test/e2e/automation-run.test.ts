import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookServer } from '../support/automation-fixture.js';
import {
  adminToken,
  freePort,
  startVigilRun,
  VIGIL_BIN,
  type VigilProcess,
} from '../support/vigil-process.js';

/**
 * The real `vigil run` process with an automation section: a rule file, a real local program and
 * a real webhook receiver. Events posted over HTTP open incidents; the closed loop runs on the
 * process's own clock and timer.
 */
describe('vigil run: remediation end to end', () => {
  let dir: string;
  let port: number;
  let vigil: VigilProcess | null = null;
  let hook: Awaited<ReturnType<typeof webhookServer>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-automation-e2e-'));
    port = await freePort();
    hook = await webhookServer();
    const script = join(dir, 'fix.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\0' "$@" > '${join(dir, 'fix.out')}'\necho fixed\n`);
    chmodSync(script, 0o755);
    writeFileSync(
      join(dir, 'vigil.yaml'),
      `host: { enabled: false }
automation:
  rules: [./automation/*.yaml]
  scripts:
    - { name: fix, path: ./fix.sh, timeout: 10s }
  webhooks:
    - { name: ticket, url: "${hook.url}", headers: { authorization: "Bearer e2e-hook-secret" } }
`,
    );
    const rules = join(dir, 'automation');
    spawnSync('mkdir', ['-p', rules]);
    writeFileSync(
      join(rules, 'app.yaml'),
      `automation:
  - name: fix-app
    match: ['check="app.down"']
    action: { script: fix, args: ["{{ resource }}", "{{ labels.note }}"] }
    verify: 30s
  - name: stuck-app
    match: ['check="app.stuck"']
    action: { script: fix, args: ["{{ resource }}"] }
    rollback: { webhook: ticket, body: { incident: "{{ incident.id }}", note: "{{ labels.note }}" } }
    verify: 1s
`,
    );
  });
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${adminToken(dir)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const event = (check: string, status: 'firing' | 'resolved', note = '') => ({
    events: [
      {
        source: 'e2e',
        resource: 'app-1',
        check,
        severity: status === 'firing' ? 'critical' : 'ok',
        status,
        summary: check,
        labels: { note },
      },
    ],
  });
  /** Polls the change until `done` accepts it, for at most 20 s. */
  async function change(id: string, done: (c: any) => boolean): Promise<any> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await api(`/api/v1/changes/${id}`);
      if (res.status === 200 && done(res.body)) return res.body;
      if (Date.now() > deadline)
        throw new Error(`change ${id}: ${JSON.stringify(res.body)}\n${vigil!.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('runs the action for a new incident and credits it when the signal recovers', async () => {
    vigil = await startVigilRun(dir, port, ['-c', join(dir, 'vigil.yaml')]);
    const hostile = `$(touch ${join(dir, 'pwned')}); rm -rf / \`id\``;
    expect((await api('/api/v1/events', event('app.down', 'firing', hostile))).status).toBe(202);
    const verifying = await change('CHG-000001', (c) => c.state === 'verifying');
    expect(verifying).toMatchObject({
      rule: 'fix-app',
      action: 'script:fix',
      result: { exitCode: 0, stdout: 'fixed\n' },
    });
    expect(readFileSync(join(dir, 'fix.out'), 'utf8').split('\0').slice(0, -1)).toEqual(['app-1', hostile]);

    expect((await api('/api/v1/events', event('app.down', 'resolved', hostile))).status).toBe(202);
    await change('CHG-000001', (c) => c.state === 'succeeded');
    const incident = await api(`/api/v1/incidents/${verifying.incidentId}`);
    expect(incident.body.status).toBe('resolved');
    expect(incident.body.timeline.map((e: { action: string }) => e.action)).toContain('automation_succeeded');
  });

  it('without recovery rolls back through the webhook and escalates, on the process timer', async () => {
    expect((await api('/api/v1/events', event('app.stuck', 'firing', 'it\'s "stuck"'))).status).toBe(202);
    const done = await change('CHG-000002', (c) => c.state === 'rolled_back');
    expect(done.verification.result).toBe('not_recovered');
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers.authorization).toBe('Bearer e2e-hook-secret');
    expect(JSON.parse(hook.received[0]!.body)).toEqual({ incident: done.incidentId, note: 'it\'s "stuck"' });
    const incident = await api(`/api/v1/incidents/${done.incidentId}`);
    expect(incident.body.escalationLevel).toBe(1);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('vigil_automation_runs_total{action="script:fix",result="succeeded"} 1');
    expect(metrics).toContain('vigil_automation_runs_total{action="script:fix",result="rolled_back"} 1');
    expect(vigil!.output()).not.toContain('e2e-hook-secret');
  });

  it('vigil config check reports a bad automation rule with file, line and rule', () => {
    writeFileSync(
      join(dir, 'automation', 'bad.yaml'),
      `automation:\n  - name: bad\n    match: ['check="x"']\n    action: { script: rm-everything }\n`,
    );
    const result = spawnSync(
      process.execPath,
      [VIGIL_BIN, 'config', 'check', '--json', join(dir, 'vigil.yaml')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([
      expect.objectContaining({
        code: 'VIGIL_ERR_RULE_INVALID',
        file: expect.stringMatching(/automation\/bad\.yaml$/),
        line: 4,
        column: 23,
        key: 'bad',
        message: expect.stringContaining('script "rm-everything" is not in automation.scripts'),
      }),
    ]);
  });
});
