import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary, startChild, type TestChild, waitFor } from '../support/child-binary.js';
import { freePort, startVigilRun, type VigilProcess } from '../support/vigil-process.js';

/**
 * The real Debian `prometheus` and `prometheus-alertmanager` binaries against the real `vigil run`:
 * a Prometheus alerting rule opens one vigil incident and its resends do not duplicate it; an
 * Alertmanager webhook opens one and its resolved notification resolves it. Both tools send
 * vigil's token as `Authorization: Bearer`. Missing binaries fail the suite (CI installs them).
 */
const TOKEN = 'e2e-admin-token-0123456789abcdef';
const WAIT_MS = 40_000;

interface Alert {
  fingerprint: string;
  state: string;
  count: number;
  incidentId: string | null;
  source: string;
}

describe('Prometheus and Alertmanager against vigil run', () => {
  let dir: string;
  let vigil: VigilProcess | null = null;
  const children: TestChild[] = [];
  let prometheusBin: string;
  let alertmanagerBin: string;

  beforeAll(async () => {
    prometheusBin = findBinary(['prometheus'], 'prometheus');
    alertmanagerBin = findBinary(['prometheus-alertmanager', 'alertmanager'], 'prometheus-alertmanager');
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-prom-'));
    const port = await freePort();
    mkdirSync(join(dir, 'vigil'));
    vigil = await startVigilRun(join(dir, 'vigil'), port, [], { VIGIL_ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => {
    for (const child of children) await child.stop();
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const api = async (path: string) => {
    const res = await fetch(`${vigil!.base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as any;
  };
  const alertOf = async (resource: string): Promise<Alert | undefined> =>
    (await api(`/api/v1/alerts?resource=${encodeURIComponent(resource)}`)).items[0];
  const explain = (child: TestChild) => () =>
    `--- tool output ---\n${child.output().slice(-4000)}\n--- vigil output ---\n${vigil!.output().slice(-2000)}`;

  it('a Prometheus alerting rule opens one incident, and resends only count up', async () => {
    const started = Date.now();
    const home = join(dir, 'prometheus');
    mkdirSync(home);
    const port = await freePort();
    writeFileSync(
      join(home, 'rules.yml'),
      `groups:
  - name: vigil-e2e
    interval: 1s
    rules:
      - alert: VigilE2EAlwaysFiring
        expr: vector(1)
        for: 0s
        labels: { severity: critical, instance: e2e-prometheus-host }
        annotations: { summary: "always firing (vigil e2e)" }
`,
    );
    writeFileSync(
      join(home, 'prometheus.yml'),
      `global:
  evaluation_interval: 1s
  scrape_interval: 1m
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - api_version: v2
      authorization: { type: Bearer, credentials: ${TOKEN} }
      static_configs:
        - targets: ["${new URL(vigil!.base).host}"]
`,
    );
    const prometheus = startChild(
      prometheusBin,
      [
        `--config.file=${join(home, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(home, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--rules.alert.resend-delay=1s',
      ],
      home,
    );
    children.push(prometheus);

    const first = await waitFor(
      'the Prometheus alert in vigil',
      () => alertOf('e2e-prometheus-host'),
      WAIT_MS,
      explain(prometheus),
    );
    expect(first).toMatchObject({ source: 'prometheus', state: 'firing' });
    expect(first.incidentId).toMatch(/^INC-\d{6}$/);
    const firstIncidentAt = Date.now() - started;

    const later = await waitFor(
      'four resends',
      async () => {
        const alert = await alertOf('e2e-prometheus-host');
        return alert && alert.count >= first.count + 3 ? alert : undefined;
      },
      WAIT_MS,
      explain(prometheus),
    );
    expect(later).toMatchObject({
      state: 'firing',
      incidentId: first.incidentId,
      fingerprint: first.fingerprint,
    });
    const incidents = (await api('/api/v1/incidents?limit=1000')).items.filter((i: { title: string }) =>
      i.title.includes('e2e-prometheus-host'),
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id: first.incidentId, status: 'new', alertCount: 1 });
    console.info(
      `prometheus e2e: first incident after ${firstIncidentAt} ms, ${later.count} sends after ${Date.now() - started} ms`,
    );
    await prometheus.stop();
  });

  it('an Alertmanager webhook opens an incident and its resolved notification resolves it', async () => {
    const started = Date.now();
    const home = join(dir, 'alertmanager');
    mkdirSync(home);
    const port = await freePort();
    writeFileSync(
      join(home, 'alertmanager.yml'),
      `route:
  receiver: vigil
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: vigil
    webhook_configs:
      - url: ${vigil!.base}/api/v1/integrations/alertmanager
        send_resolved: true
        http_config:
          authorization: { type: Bearer, credentials: ${TOKEN} }
`,
    );
    const alertmanager = startChild(
      alertmanagerBin,
      [
        `--config.file=${join(home, 'alertmanager.yml')}`,
        `--storage.path=${join(home, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      home,
    );
    children.push(alertmanager);
    const amBase = `http://127.0.0.1:${port}`;
    await waitFor(
      'Alertmanager to be ready',
      async () => ((await fetch(`${amBase}/-/ready`)).status === 200 ? true : undefined),
      WAIT_MS,
      explain(alertmanager),
    );

    const now = Date.now();
    const posted = await fetch(`${amBase}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'VigilE2EWebhook', instance: 'e2e-alertmanager-host', severity: 'major' },
          annotations: { summary: 'posted to Alertmanager by the vigil e2e test' },
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 5_000).toISOString(),
        },
      ]),
    });
    expect(posted.status).toBe(200);

    const firing = await waitFor(
      'the Alertmanager alert in vigil',
      () => alertOf('e2e-alertmanager-host'),
      WAIT_MS,
      explain(alertmanager),
    );
    expect(firing).toMatchObject({ source: 'alertmanager', state: 'firing' });
    expect(firing.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const incidentId = firing.incidentId;
    expect(incidentId).toMatch(/^INC-\d{6}$/);
    const openedAfter = Date.now() - started;

    const resolved = await waitFor(
      'the resolved notification to resolve the incident',
      async () => {
        const incident = await api(`/api/v1/incidents/${incidentId}`);
        return incident.status === 'resolved' ? incident : undefined;
      },
      WAIT_MS,
      explain(alertmanager),
    );
    expect(resolved.resolvedAt).not.toBeNull();
    expect(await alertOf('e2e-alertmanager-host')).toMatchObject({ state: 'resolved', incidentId });
    console.info(
      `alertmanager e2e: incident after ${openedAfter} ms, resolved after ${Date.now() - started} ms`,
    );
    await alertmanager.stop();
  });
});
