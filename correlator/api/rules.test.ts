import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../rules/load.js';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'correlation.yaml');
const write = (group: string, extra = '') =>
  writeFileSync(
    file,
    `correlation:\n  - kind: classification\n    name: web\n    matchers: ['resource=~"web-.*"']\n    assignmentGroup: ${group}\n${extra}`,
  );

async function fixture() {
  write('web-ops');
  const load = async () => (await loadRuleFiles([file])).correlation;
  return testCorrelator({ rules: await load(), loadRules: load });
}

describe('rules API', () => {
  it('shows the rules in effect to viewers and reloads them for admins only', async () => {
    const c = await fixture();
    const shown = await c.app.inject({ method: 'GET', url: '/api/v1/rules', headers: bearer('viewer') });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ version: 1, rules: { classification: 1, grouping: 0 } });

    for (const role of ['viewer', 'operator', 'agent'] as const) {
      const denied = await c.app.inject({
        method: 'POST',
        url: '/api/v1/rules/reload',
        headers: bearer(role),
      });
      expect(denied.statusCode).toBe(403);
    }
    const anonymous = await c.app.inject({ method: 'POST', url: '/api/v1/rules/reload' });
    expect(anonymous.statusCode).toBe(401);

    write('web-oncall');
    const reloaded = await c.app.inject({
      method: 'POST',
      url: '/api/v1/rules/reload',
      headers: bearer('admin'),
    });
    expect(reloaded.statusCode).toBe(200);
    expect(reloaded.json()).toMatchObject({ status: 'reloaded', version: 2, rules: { classification: 1 } });
    await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: { events: [event({ resource: 'web-9' })] },
    });
    const incidents = await c.store.listIncidents({ limit: 10 });
    expect(incidents.items[0]!.assignmentGroup).toBe('web-oncall');
  });

  it('answers 422 with every problem located on a bad reload, counts it and keeps the old rules', async () => {
    const c = await fixture();
    write('web-oncall', '    impact: everywhere\n  - { kind: grouping, name: g, window: 1m }\n');
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/rules/reload', headers: bearer('admin') });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('VIGIL_ERR_RULES_RELOAD_FAILED');
    expect(body.error.message).toContain('the previous rules stay in effect');
    expect(body.error.details).toEqual([
      expect.objectContaining({ file, line: 6, rule: 'web', reason: expect.stringContaining('"impact"') }),
      expect.objectContaining({ file, line: 7, rule: 'g', reason: expect.stringContaining('groupBy') }),
    ]);

    // A missing file is refused the same way.
    rmSync(file);
    const missing = await c.app.inject({
      method: 'POST',
      url: '/api/v1/rules/reload',
      headers: bearer('admin'),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toContain('VIGIL_ERR_RULE_FILE_UNREADABLE');

    await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: { events: [event({ resource: 'web-9' })] },
    });
    expect((await c.store.listIncidents({ limit: 10 })).items[0]!.assignmentGroup).toBe('web-ops');
    const metrics = await c.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('vigil_rule_reloads_total{result="failure"} 2');
    const shown = await c.app.inject({ method: 'GET', url: '/api/v1/rules', headers: bearer('viewer') });
    expect(shown.json()).toMatchObject({ version: 1 });
  });
});
