/**
 * `npm run bench:correlate`: the correlation pipeline without HTTP (`Pipeline.ingest` directly) on
 * a durable SQLite file, with 200 correlation rules loaded (150 classification, 40 grouping,
 * 5 transient, 5 flapping, parsed from YAML like real rule files) and 100,000 open alerts.
 * Prints:
 * - memory per open alert: heap and RSS growth while the 100,000 alerts were opened, divided by
 *   their number (after a forced GC when run with --expose-gc, which the npm script does), and
 *   the marginal cost: the growth over the second half alone, when the bounded parts (SQLite's
 *   64 MB page cache, the read cache, V8's young generation) are already full;
 * - events/s on one core: 200,000 further events (repeats, recoveries and re-fires of the open
 *   alerts) in batches of 1,000, wall time of `ingest` only (event construction excluded).
 *   Batches are handed to the pipeline with `--in-flight` (default 4) outstanding, as concurrent
 *   HTTP requests would be, so one batch is correlated while the previous one syncs to disk.
 * Options: --alerts N (default 100000), --events N (default 200000), --batch N (default 1000),
 * --in-flight N (default 4), --cache-alerts N and --cache-incidents N (the read cache, config
 * `store.cache`; default the store's 50,000 and 10,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { limitHeapGrowth } from '../bin/heap-growth.js';
import { systemClock } from '../correlator/clock/clock.js';
import { RuleBook } from '../correlator/correlation/rule-book.js';
import { DEFAULT_INCIDENT_POLICY } from '../correlator/incidents/policy.js';
import { createCorrelationMetrics } from '../correlator/metrics/correlation-metrics.js';
import { createVigilMetrics } from '../correlator/metrics/vigil-metrics.js';
import type { NativeEvent } from '../correlator/model/event.js';
import { Pipeline } from '../correlator/pipeline/pipeline.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { combineRuleFiles } from '../rules/load.js';
import { parseRuleText } from '../rules/parse-rule-text.js';

// The heap tuning `vigil run` applies at start (bin/heap-growth.ts), so the figures are the product's.
const heapGrowth = limitHeapGrowth('run');
const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '100000' },
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '4' },
    'cache-alerts': { type: 'string' },
    'cache-incidents': { type: 'string' },
  },
});
const ALERTS = Number(values.alerts);
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
const IN_FLIGHT = Math.max(1, Number(values['in-flight']));
const SERVICES = 200;
const CHECKS = 50;

/** 200 rules as a rule file would hold them. */
function ruleText(): string {
  const lines = ['correlation:'];
  for (let i = 0; i < 150; i++) {
    lines.push(
      `  - { kind: classification, name: class-${i}, matchers: ['check="check.${i % CHECKS}"', 'service="svc-${i}"'], assignmentGroup: team-${i % 10}, urgency: high }`,
    );
  }
  for (let i = 0; i < 40; i++) {
    lines.push(
      `  - { kind: grouping, name: group-${i}, matchers: ['service="svc-${i}"'], groupBy: [service], window: 10m }`,
    );
  }
  for (let i = 0; i < 5; i++) {
    lines.push(`  - { kind: transient, name: transient-${i}, matchers: ['check="ping.${i}"'], within: 2m }`);
  }
  for (let i = 0; i < 5; i++) {
    lines.push(
      `  - { kind: flapping, name: flapping-${i}, matchers: ['check="check.${i}"'], changes: 4, within: 10m }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function event(n: number, status: 'firing' | 'resolved'): NativeEvent {
  return {
    source: 'bench',
    resource: `host-${n % 5000}`,
    check: `check.${n % CHECKS}`,
    severity: status === 'firing' ? 'major' : 'ok',
    status,
    summary: `bench alert ${n}`,
    labels: { instance: `i-${n}`, service: `svc-${n % SERVICES}` },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const settle = () => {
  gc?.();
  gc?.();
  return process.memoryUsage();
};

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-correlate-'));
const store = new SqliteStore({
  path: join(dir, 'vigil.db'),
  synchronous: 'full',
  ...(values['cache-alerts'] ? { cacheAlerts: Number(values['cache-alerts']) } : {}),
  ...(values['cache-incidents'] ? { cacheIncidents: Number(values['cache-incidents']) } : {}),
});
const registry = new Registry();
const rules = combineRuleFiles([parseRuleText(ruleText(), 'bench-rules.yaml')]).correlation;
const ruleCount = Object.values(rules).reduce((sum, list) => sum + list.length, 0);
const pipeline = new Pipeline({
  store,
  clock: systemClock,
  policy: DEFAULT_INCIDENT_POLICY,
  metrics: createVigilMetrics(registry),
  rules: new RuleBook(rules, Date.now()),
  correlationMetrics: createCorrelationMetrics(registry),
});

try {
  // Warm up code paths (JIT, statements) on a few alerts outside the measured range.
  await pipeline.ingest(Array.from({ length: 100 }, (_, i) => event(ALERTS + i, 'firing')));
  const before = settle();
  // A second snapshot halfway: by then SQLite's page cache, the read cache and V8's young
  // generation are full, so the growth over the second half is what each further alert costs.
  const half = Math.ceil(ALERTS / 2 / BATCH) * BATCH;
  let middle = before;
  for (let sent = 0; sent < ALERTS; sent += BATCH) {
    if (sent === half) middle = settle();
    const events: NativeEvent[] = [];
    for (let n = sent; n < Math.min(ALERTS, sent + BATCH); n++) events.push(event(n, 'firing'));
    await pipeline.ingest(events);
  }
  const after = settle();
  const open = (await store.listAlerts({ state: 'firing', limit: 1 })).items.length > 0 ? ALERTS : 0;
  const heapPerAlert = (after.heapUsed - before.heapUsed) / ALERTS;
  const rssPerAlert = (after.rss - before.rss) / ALERTS;
  // Where the RSS growth sits: pages V8 committed to its heap (live objects plus the free room its
  // growth setting keeps), and outside the heap (SQLite's page cache, up to 64 MiB, and malloc).
  const committedPerAlert = (after.heapTotal - before.heapTotal) / ALERTS;
  const nativePerAlert = rssPerAlert - committedPerAlert;
  const secondHalf = ALERTS - half;
  const marginalRss = secondHalf > 0 ? (after.rss - middle.rss) / secondHalf : 0;
  const marginalHeap = secondHalf > 0 ? (after.heapUsed - middle.heapUsed) / secondHalf : 0;

  // Throughput: repeats (90 %), recoveries (5 %) and re-fires of recovered alerts (5 %).
  const batches: NativeEvent[][] = [];
  let recovered = 0;
  for (let sent = 0; sent < EVENTS; sent += BATCH) {
    const events: NativeEvent[] = [];
    for (let i = sent; i < Math.min(EVENTS, sent + BATCH); i++) {
      const n = (i * 7919) % ALERTS;
      const kind = i % 20;
      if (kind === 0) {
        events.push(event(n, 'resolved'));
        recovered++;
      } else if (kind === 1 && recovered > 0) {
        events.push(event(((i - 1) * 7919) % ALERTS, 'firing'));
      } else {
        events.push(event(n, 'firing'));
      }
    }
    batches.push(events);
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const feeders = Array.from({ length: IN_FLIGHT }, async () => {
    while (next < batches.length) await pipeline.ingest(batches[next++]!);
  });
  await Promise.all(feeders);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const eventsPerSecond = EVENTS / seconds;
  const incidents = (await store.openIncidentCounts()).reduce((sum, row) => sum + row.count, 0);

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  process.stdout.write(
    [
      `bench:correlate: ${ruleCount} rules loaded, ${open > 0 ? ALERTS : 0} open alerts, ${incidents} open incidents, batches of ${BATCH}, ${IN_FLIGHT} in flight, read cache ${store.cacheCapacity.alerts} alerts / ${store.cacheCapacity.incidents} incidents, heap growth ${heapGrowth === null ? 'V8 default' : `${heapGrowth} %`}`,
      `  memory per open alert: heap ${kb(heapPerAlert)}, RSS ${kb(rssPerAlert)}  (target < 2 KB)${gc ? '' : '  [run with --expose-gc for settled figures]'}`,
      `  RSS growth per alert: V8 heap committed ${kb(committedPerAlert)} (live ${kb(heapPerAlert)}, the rest free heap V8 keeps), outside the heap ${kb(nativePerAlert)}`,
      `  marginal cost per alert (growth over the second ${secondHalf.toLocaleString('en-US')} alerts, bounded caches already full): RSS ${kb(marginalRss)}, heap ${kb(marginalHeap)}`,
      `  throughput: ${Math.round(eventsPerSecond).toLocaleString('en-US')} events/s over ${EVENTS.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s on one core (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)  (target >= 50,000)`,
      '',
    ].join('\n'),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
