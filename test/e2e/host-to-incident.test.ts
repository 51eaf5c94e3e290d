import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  eventually as eventually_,
  freePort,
  startVigilRun,
  type VigilProcess,
} from '../support/vigil-process.js';

/**
 * The foundation's promise end to end: the real `vigil run` probes this machine, a threshold
 * rule fires on a real sample, and the result is a classified incident bound to the host's CI
 * that the probe's inventory put in the CMDB. The rule is set to fire on any memory use so the
 * test does not depend on the machine being unhealthy.
 */
describe('vigil run: host health to a classified incident', () => {
  let dir: string;
  let port: number;
  let vigil: VigilProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-host-e2e-'));
    port = await freePort();
    writeFileSync(
      join(dir, 'always.yaml'),
      [
        'thresholds:',
        '  - name: memory-in-use',
        '    metric: memory.used_percent',
        '    above: 0',
        '    severity: major',
        '    category: capacity',
        "    summary: 'Memory is {{ value }}% used'",
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'vigil.yaml'), 'host:\n  interval: 1s\nrules: [ ./always.yaml ]\n');
    vigil = await startVigilRun(dir, port, ['-c', join(dir, 'vigil.yaml')]);
  });
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => (await adminApi(port, dir)(path)).body;

  const eventually = <T>(probe: () => Promise<T | undefined>) =>
    eventually_(probe, () => vigil.output(), 20_000, 200);

  it('puts this host into the CMDB from the probe inventory', async () => {
    const host = await eventually(async () => {
      // The inventory lands after the first fast cycle; on a loaded machine that can be seconds.
      const page = await get('/api/v1/cis?class=host');
      return page.items.find(
        (ci: { name: string; attributes: Record<string, unknown> }) =>
          ci.name === hostname() && ci.attributes.kernel !== undefined,
      );
    });
    expect(host.sources).toContain('host');
    expect(host.attributes.kernel).toBeTypeOf('string');
    const detail = await get(`/api/v1/cis/${host.id}`);
    expect(detail.relations.some((r: { type: string }) => r.type === 'contains')).toBe(true);
    expect(detail.history.length).toBeGreaterThan(0);
  });

  it('turns a firing host rule into one classified incident bound to the host CI', async () => {
    const incident = await eventually(async () => {
      const page = await get('/api/v1/incidents');
      return page.items.find((i: { title: string }) => i.title.includes('Memory is'));
    });
    const host = (await get('/api/v1/cis?class=host')).items.find(
      (ci: { name: string }) => ci.name === hostname(),
    );
    expect(incident).toMatchObject({
      category: 'capacity',
      urgency: 'high',
      impact: 'local',
      priority: 'P4',
      assignmentGroup: 'system-admins',
      ciIds: [host.id],
    });
    const alerts = await get(`/api/v1/alerts?resource=${encodeURIComponent(hostname())}`);
    const alert = alerts.items.find((a: { check: string }) => a.check === 'memory-in-use');
    expect(alert).toMatchObject({ source: 'host', state: 'firing', incidentId: incident.id });
  });

  it('reports the host up and the probe cycles in /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain(`vigil_ci_up{ci="${hostname()}",class="host"} 1`);
    expect(text).toMatch(/vigil_probe_duration_seconds_count\{probe="host"\} [1-9]/);
  });
});
