import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../correlator/clock/clock.js';
import { type Correlator, createCorrelator } from '../correlator/correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../correlator/incidents/policy.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { findBinary, startChild, type TestChild, waitFor } from '../test/support/child-binary.js';
import { freePort } from '../test/support/vigil-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const RULES = join(here, 'prometheus', 'vigil-rules.yml');
const DASHBOARD = join(here, 'grafana', 'dashboards', 'vigil-sla.json');
const promtool = findBinary(['promtool'], 'prometheus');

/** Runs promtool with `args` (and stdin); returns its exit status and output. */
function runPromtool(args: string[], input?: string) {
  const r = spawnSync(promtool, args, { input, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Every PromQL expression of the dashboard, with Grafana's variables replaced by values. */
function dashboardQueries(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Array<{ targets: Array<{ expr: string }> }>;
    templating: { list: Array<{ query?: unknown }> };
  };
  return dashboard.panels
    .flatMap((p) => p.targets.map((t) => t.expr))
    .map((e) => e.replaceAll('$__rate_interval', '5m').replaceAll('$service', '.*'));
}

let dir: string;
let c: Correlator;
let vigilPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-deploy-'));
  const clock = new ManualClock(Date.now());
  c = await createCorrelator({
    store: new SqliteStore({ path: ':memory:' }),
    policy: DEFAULT_INCIDENT_POLICY,
    tokens: [],
    limits: { bodyBytes: 1 << 20, batchEvents: 100 },
    metricsAuth: false,
    clock,
    processMetrics: true,
    services: [
      {
        name: 'shop',
        selectors: [{ class: 'host', name: 'web-*' }],
        rollup: { kind: 'any' },
        maintenance: [],
        sla: {
          name: 'gold',
          availability: 0.999,
          period: 'calendar_month',
          timeZone: 'UTC',
          businessHours: null,
          targets: {
            responseMs: DEFAULT_INCIDENT_POLICY.escalation.responseMs,
            resolutionMs: DEFAULT_INCIDENT_POLICY.escalation.resolutionMs,
          },
        },
      },
    ],
  });
  const { ids } = await c.cmdb.observe({
    source: 'host',
    observedAt: clock.now(),
    cis: [{ ref: 'w', class: 'host', name: 'web-1', identifiers: { hostname: 'web-1' }, attributes: {} }],
    relations: [],
  });
  await c.sla!.tracker.observe([{ ci: { id: ids.get('w')! }, up: true }]);
  c.liveness.report('web-1', 'host', true, 60_000);
  c.setReady(true);
  await c.app.listen({ host: '127.0.0.1', port: 0 });
  vigilPort = (c.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await c?.app.close();
  await c?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('deploy/: Prometheus rules and Grafana dashboard', () => {
  it('promtool check rules accepts the shipped rules', () => {
    const r = runPromtool(['check', 'rules', RULES]);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it("promtool check metrics accepts vigil's /metrics output", async () => {
    const body = (await c.app.inject({ url: '/metrics' })).body;
    expect(body).toContain('vigil_service_availability_ratio{service="shop",window="30d"} 1');
    const r = runPromtool(['check', 'metrics'], body);
    // prom-client's default Node.js collector names three gauges *_total (upstream naming, not
    // vigil's); they are the only findings allowed. vigil's own metrics must lint clean.
    const findings = r.output.split('\n').filter((line) => line.trim() !== '');
    const upstream =
      /^vigil_nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;
    expect(findings.filter((line) => !upstream.test(line))).toEqual([]);
    const own = runPromtool(
      ['check', 'metrics'],
      body
        .split('\n')
        .filter((line) => !/vigil_nodejs_active_(handles|requests|resources)_total/.test(line))
        .join('\n'),
    );
    expect(own).toEqual({ status: 0, output: '' });
  });

  it('every dashboard query parses as PromQL (promtool parses each as a recording rule)', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThanOrEqual(12);
    const file = join(dir, 'dashboard-queries.yml');
    const rules = queries.map(
      (q, i) => `      - record: dashboard_query_${i}\n        expr: ${JSON.stringify(q)}`,
    );
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
    const r = runPromtool(['check', 'rules', file]);
    expect(r.output).toContain(`SUCCESS: ${queries.length} rules found`);
    // A broken query is caught, so the check above can fail.
    writeFileSync(
      file,
      'groups:\n  - name: x\n    rules:\n      - record: broken\n        expr: "sum by (service (x)"\n',
    );
    expect(runPromtool(['check', 'rules', file]).status).not.toBe(0);
  });

  it('a real Prometheus scrapes vigil and evaluates the recording rules', async () => {
    const port = await freePort();
    // The shipped group evaluates every 30s; the copy under test every second, same expressions.
    writeFileSync(
      join(dir, 'vigil-rules.yml'),
      readFileSync(RULES, 'utf8').replace('interval: 30s', 'interval: 1s'),
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [vigil-rules.yml]',
        'scrape_configs:',
        `  - { job_name: vigil, static_configs: [{ targets: ['127.0.0.1:${vigilPort}'] }] }`,
        '',
      ].join('\n'),
    );
    let prometheus: TestChild | null = null;
    try {
      prometheus = startChild(
        findBinary(['prometheus'], 'prometheus'),
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        dir,
      );
      const query = async (q: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
        const body = (await res.json()) as {
          data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
        };
        return body.data.result.length > 0 ? body.data.result : undefined;
      };
      const errorRatio = await waitFor(
        'vigil:service_error:ratio_rate5m',
        () => query('vigil:service_error:ratio_rate5m'),
        45_000,
        () => prometheus!.output(),
      );
      expect(errorRatio[0]!.metric['service']).toBe('shop');
      expect(Number(errorRatio[0]!.value[1])).toBe(0);
      const budget = await waitFor(
        'vigil:sla_error_budget:ratio',
        () => query('vigil:sla_error_budget:ratio'),
        15_000,
      );
      expect(Number(budget[0]!.value[1])).toBeCloseTo(0.001, 9);
      const cis = await waitFor(
        'vigil:cmdb_cis:sum_by_class',
        () => query('vigil:cmdb_cis:sum_by_class'),
        15_000,
      );
      expect(cis).toEqual([
        {
          metric: { __name__: 'vigil:cmdb_cis:sum_by_class', class: 'host' },
          value: [expect.any(Number), '1'],
        },
      ]);
    } finally {
      await prometheus?.stop();
    }
  }, 90_000);
});
