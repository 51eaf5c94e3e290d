import { Registry } from 'prom-client';
import { ManualClock } from '../correlator/clock/clock.js';
import { RuleBook } from '../correlator/correlation/rule-book.js';
import { DEFAULT_INCIDENT_POLICY } from '../correlator/incidents/policy.js';
import { createVigilMetrics } from '../correlator/metrics/vigil-metrics.js';
import type { AlertRecord, IncidentRecord } from '../correlator/model/records.js';
import { Pipeline } from '../correlator/pipeline/pipeline.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import type { CorrelationRules } from './correlation-types.js';
import { loadRuleFiles } from './load.js';
import type { RulesTestCase, RulesTestSuite } from './parse-rules-test.js';

/** Where rule tests start: a fixed time, so results never depend on the wall clock. */
export const RULES_TEST_START = Date.parse('2026-01-01T00:00:00Z');

/** One difference between what a test expected and what the pipeline did. */
export interface RulesTestFailure {
  at: string;
  path: string;
  expected: unknown;
  actual: unknown;
}

/** The outcome of one test case. */
export interface RulesTestResult {
  name: string;
  ok: boolean;
  failures: RulesTestFailure[];
}

/**
 * Runs every case of a rule test suite through the real pipeline: a fresh in-memory SQLite store
 * per case, the suite's rule files, the default incident policy and a manual clock starting at
 * `RULES_TEST_START`. At each offset where something happens, the clock moves there, that
 * offset's events go in as one batch, the timers run, then that offset's expectations are checked.
 */
export async function runRulesTests(suite: RulesTestSuite): Promise<RulesTestResult[]> {
  const rules = (await loadRuleFiles(suite.ruleFiles)).correlation;
  const results: RulesTestResult[] = [];
  for (const test of suite.tests) results.push(await runCase(test, rules));
  return results;
}

async function runCase(test: RulesTestCase, rules: CorrelationRules): Promise<RulesTestResult> {
  const clock = new ManualClock(RULES_TEST_START);
  const store = new SqliteStore({ path: ':memory:' });
  const pipeline = new Pipeline({
    store,
    clock,
    policy: DEFAULT_INCIDENT_POLICY,
    metrics: createVigilMetrics(new Registry()),
    rules: new RuleBook(rules, RULES_TEST_START),
  });
  const failures: RulesTestFailure[] = [];
  try {
    const times = [...new Set([...test.events.map((e) => e.atMs), ...test.expect.map((e) => e.atMs)])].sort(
      (a, b) => a - b,
    );
    for (const t of times) {
      clock.set(RULES_TEST_START + t);
      const events = test.events.filter((e) => e.atMs === t).map((e) => e.event);
      if (events.length > 0) await pipeline.ingest(events);
      await pipeline.tick();
      for (const expectation of test.expect.filter((e) => e.atMs === t)) {
        const incidents = (await store.listIncidents({ limit: 10_000 })).items.sort(
          (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
        );
        const alerts = (await store.listAlerts({ limit: 10_000 })).items;
        failures.push(...compare(expectation, incidents, alerts));
      }
    }
  } finally {
    await store.close();
  }
  return { name: test.name, ok: failures.length === 0, failures };
}

type Expectation = RulesTestCase['expect'][number];

function compare(
  expected: Expectation,
  incidents: IncidentRecord[],
  alerts: AlertRecord[],
): RulesTestFailure[] {
  const failures: RulesTestFailure[] = [];
  const fail = (path: string, want: unknown, got: unknown) =>
    failures.push({ at: expected.at, path, expected: want, actual: got });
  if (expected.incidents) {
    if (expected.incidents.length !== incidents.length) {
      fail('incidents.length', expected.incidents.length, incidents.length);
    }
    expected.incidents.forEach((want, i) => {
      const got = incidents[i];
      if (!got) return;
      const actual: Record<string, unknown> = {
        resource: got.resource,
        check: got.check,
        status: got.status,
        priority: got.priority,
        category: got.category,
        impact: got.impact,
        urgency: got.urgency,
        assignmentGroup: got.assignmentGroup,
        alertCount: got.alertFingerprints.length,
        relatedIncidents: got.relatedIncidentIds?.length ?? 0,
      };
      for (const [key, value] of Object.entries(want)) {
        if (actual[key] !== value) fail(`incidents[${i}].${key}`, value, actual[key]);
      }
    });
  }
  for (const want of expected.alerts ?? []) {
    const name = `alerts[${want.resource} ${want.check}]`;
    const got = alerts.find((a) => a.resource === want.resource && a.check === want.check);
    if (!got) {
      fail(name, 'an alert', 'none');
      continue;
    }
    if (want.state !== undefined && got.state !== want.state) fail(`${name}.state`, want.state, got.state);
    if (want.count !== undefined && got.count !== want.count) fail(`${name}.count`, want.count, got.count);
    if (want.hasIncident !== undefined && (got.incidentId !== null) !== want.hasIncident) {
      fail(`${name}.hasIncident`, want.hasIncident, got.incidentId !== null);
    }
    const reasons = got.reasons.map((r) => r.reason);
    for (const reason of want.reasons ?? []) {
      if (!reasons.includes(reason)) fail(`${name}.reasons`, `to contain ${reason}`, reasons);
    }
  }
  return failures;
}
