import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminToken, freePort, startVigilRun, type VigilProcess } from '../support/vigil-process.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-reload-'));
let vigil: VigilProcess | null = null;
afterAll(async () => {
  if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const ruleFile = join(dir, 'rules', 'correlation.yaml');
const writeRules = (group: string, extra = '') =>
  writeFileSync(
    ruleFile,
    `correlation:\n  - kind: classification\n    name: web\n    matchers: ['resource=~"web-.*"']\n    assignmentGroup: ${group}\n${extra}`,
  );

/** Polls `read` until `done` holds (bounded: the signal is handled asynchronously). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('vigil run: SIGHUP reloads the rule files', () => {
  it('applies a good reload to new incidents and keeps the old rules on a bad one', async () => {
    mkdirSync(join(dir, 'rules'));
    writeRules('web-ops');
    writeFileSync(join(dir, 'vigil.yaml'), 'host: { enabled: false }\nrules: [ ./rules/*.yaml ]\n');
    vigil = await startVigilRun(dir, await freePort(), ['-c', join(dir, 'vigil.yaml')]);
    const headers = { authorization: `Bearer ${adminToken(dir)}` };
    const rules = async () =>
      (await (await fetch(`${vigil!.base}/api/v1/rules`, { headers })).json()) as { version: number };
    expect(await rules()).toMatchObject({ version: 1, rules: { classification: 1 } });

    writeRules('web-oncall');
    vigil.child.kill('SIGHUP');
    expect(await until(rules, (r) => r.version === 2)).toMatchObject({ version: 2 });
    const sent = await fetch(`${vigil.base}/api/v1/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            source: 'test',
            resource: 'web-7',
            check: 'disk.full',
            severity: 'critical',
            status: 'firing',
            summary: 'full',
          },
        ],
      }),
    });
    expect(sent.status).toBe(202);
    const incidents = (await (await fetch(`${vigil.base}/api/v1/incidents`, { headers })).json()) as {
      items: { assignmentGroup: string }[];
    };
    expect(incidents.items[0]?.assignmentGroup).toBe('web-oncall');

    writeRules('web-broken', '    urgency: whenever\n');
    vigil.child.kill('SIGHUP');
    const metrics = await until(
      async () => (await fetch(`${vigil!.base}/metrics`)).text(),
      (text) => text.includes('vigil_rule_reloads_total{result="failure"} 1'),
    );
    expect(metrics).toContain('vigil_rule_reloads_total{result="failure"} 1');
    expect(await rules()).toMatchObject({ version: 2 });
    expect(vigil.output()).toContain('rule reload failed, the previous rules stay in effect');
    expect(vigil.output()).toContain('correlation.yaml:6:14: rule web');
    expect(vigil.child.exitCode).toBeNull();
  });
});
