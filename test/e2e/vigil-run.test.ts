import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  adminToken,
  freePort,
  startVigilRun,
  type VigilProcess,
} from '../support/vigil-process.js';

/**
 * The real `vigil run` process: posts events, sees the incident, scrapes /metrics, is killed with
 * SIGKILL mid-life and restarted, and everything acknowledged is still there.
 */
describe('vigil run end to end', () => {
  let dir: string;
  let port: number;
  let vigil: VigilProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
    port = await freePort();
  });
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) => adminApi(port, dir)(path, init);

  it('starts with no config, writes an admin token and says how to use it', async () => {
    vigil = await startVigilRun(dir, port);
    const tokenFile = join(dir, 'admin.token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(adminToken(dir).length).toBeGreaterThanOrEqual(32);
    expect(vigil.output()).toContain(tokenFile);
    expect(vigil.output()).toContain('Authorization: Bearer');
    expect(statSync(join(dir, 'vigil.db')).isFile()).toBe(true);
  });

  it('turns posted events into a classified incident and shows it in /metrics', async () => {
    const events = Array.from({ length: 20 }, (_, i) => ({
      source: 'e2e',
      resource: 'db-1',
      check: 'filesystem.used_percent',
      severity: 'critical',
      status: 'firing',
      summary: `Filesystem /data is ${95 + (i % 3)}% full`,
      labels: { mount: '/data', value: String(95 + (i % 3)) },
    }));
    const posted = await api('/api/v1/events', { method: 'POST', body: JSON.stringify({ events }) });
    expect(posted.status).toBe(202);
    expect(posted.body.accepted).toBe(20);

    const incidents = await api('/api/v1/incidents?open=true');
    const mine = incidents.body.items.filter((i: { title: string }) => i.title.startsWith('db-1'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      priority: 'P3',
      category: 'capacity',
      assignmentGroup: 'system-admins',
      alertCount: 1,
    });

    const alerts = await api('/api/v1/alerts?resource=db-1');
    expect(alerts.body.items[0].count).toBe(20);

    // The first host cycle takes a second or two (currentLoad samples for 500 ms); wait for it, bounded.
    let metrics = '';
    for (let i = 0; i < 100 && !/vigil_ci_up\{ci="[^"]+",class="host"\} 1/.test(metrics); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    }
    expect(metrics).toContain('vigil_incidents_created_total{priority="P3",category="capacity"} 1');
    expect(metrics).toContain('vigil_events_received_total{source="e2e"} 20');
    expect(metrics).toMatch(/vigil_ci_up\{ci="[^"]+",class="host"\} 1/);
    expect(metrics).toContain('vigil_process_resident_memory_bytes');
  });

  it('loses nothing acknowledged when killed with SIGKILL and restarted', async () => {
    const before = await api('/api/v1/incidents');
    const token = adminToken(dir);
    const acked = await api('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({
        events: [
          {
            source: 'e2e',
            resource: 'db-2',
            check: 'memory.used_percent',
            severity: 'major',
            status: 'firing',
          },
        ],
      }),
    });
    expect(acked.status).toBe(202);

    expect(await vigil!.kill('SIGKILL')).toBeNull();
    vigil = await startVigilRun(dir, port);
    expect(adminToken(dir)).toBe(token);
    expect(vigil.output()).not.toContain('(new)');

    const after = await api('/api/v1/incidents');
    expect(after.body.items.length).toBe(before.body.items.length + 1);
    expect(after.body.items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining(before.body.items.map((i: { id: string }) => i.id)),
    );
    const alerts = await api('/api/v1/alerts?resource=db-1');
    expect(alerts.body.items[0].count).toBe(20);
    const detail = await api(`/api/v1/incidents/${acked.body.items[0].incidentId}`);
    expect(detail.body.timeline[0].action).toBe('created');
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await vigil!.kill('SIGTERM')).toBe(0);
    expect(vigil!.output()).toContain('shutting down');
  });
});
