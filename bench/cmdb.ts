/**
 * `npm run bench:cmdb`: the CMDB and SLA targets of the CMDB issue, on a durable SQLite store.
 * - reconcile 10,000 CI observations (1,000 hosts with 4 filesystems and 5 interfaces each, in
 *   batches of 100 hosts as a discovery sweep sends them; each commit is fsync'd), first sighting
 *   and a second pass; target < 5 s;
 * - SLA reports of 1,000 services over 90 days with 30 outages each; target < 1 s;
 * - CI list filters and identifier search over those CIs through the API; own target < 100 ms a page;
 * - a /metrics scrape with 10,000 CIs reporting liveness; target < 200 ms (median of 5).
 * Prints one table with each figure against its target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Table from 'cli-table3';
import { ManualClock } from '../correlator/clock/clock.js';
import { createCorrelator } from '../correlator/correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../correlator/incidents/policy.js';
import type { CiObservation, ObservationBatch } from '../correlator/model/observation.js';
import { buildSlaReport } from '../correlator/sla/report.js';
import type { ServiceDefinition } from '../correlator/sla/service-definition.js';
import { serviceSubject } from '../correlator/store/sla-store.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';

const HOSTS = 1000;
const SERVICES = 1000;
const OUTAGES_PER_SERVICE = 30;
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-cmdb-'));
const clock = new ManualClock(Date.parse('2026-04-01T00:00:00Z'));

const HOSTS_PER_BATCH = 100;
const TOKEN = 'bench-viewer-token-0123456789abcdef';

/** One host's observations, refs prefixed so several hosts share a batch. */
function hostBatch(h: number, at: number): ObservationBatch {
  const name = `host-${String(h).padStart(4, '0')}`;
  const cis: CiObservation[] = [
    {
      ref: 'h',
      class: 'host',
      name,
      identifiers: {
        serial: `SN${h}`,
        macs: `02:00:00:00:${(h >> 8).toString(16).padStart(2, '0')}:${(h & 255).toString(16).padStart(2, '0')}`,
        hostname: name,
      },
      attributes: { os: 'Debian 12', cpus: 8, memoryBytes: 34359738368 },
    },
  ];
  for (const mount of ['/', '/var', '/home', '/srv'])
    cis.push({
      ref: `fs:${mount}`,
      class: 'filesystem',
      name: mount,
      identifiers: { mount },
      attributes: { sizeBytes: 1e11 },
    });
  for (let i = 0; i < 5; i++)
    cis.push({
      ref: `if:${i}`,
      class: 'interface',
      name: `eth${i}`,
      identifiers: { ifName: `eth${i}`, ifIndex: String(i + 2) },
      attributes: { mtu: 1500 },
    });
  return {
    source: 'ssh',
    observedAt: at,
    cis,
    relations: cis.slice(1).map((c) => ({ from: 'h', to: c.ref, type: 'contains' as const })),
  };
}

const services: ServiceDefinition[] = Array.from({ length: SERVICES }, (_, i) => ({
  name: `svc-${i}`,
  selectors: [{ name: `host-${String(i).padStart(4, '0')}` }],
  rollup: { kind: 'any' },
  maintenance: [{ start: clock.now() - 10 * DAY, end: clock.now() - 10 * DAY + 3_600_000 }],
  sla: {
    name: 'gold',
    availability: 0.999,
    period: 'calendar_month',
    timeZone: 'Europe/Berlin',
    businessHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
    targets: {
      responseMs: DEFAULT_INCIDENT_POLICY.escalation.responseMs,
      resolutionMs: DEFAULT_INCIDENT_POLICY.escalation.resolutionMs,
    },
  },
}));

const store = new SqliteStore({ path: join(dir, 'vigil.db') });
const c = await createCorrelator({
  store,
  policy: DEFAULT_INCIDENT_POLICY,
  tokens: [{ name: 'bench', role: 'viewer', token: TOKEN }],
  limits: { bodyBytes: 1 << 20, batchEvents: 100 },
  metricsAuth: false,
  clock,
  processMetrics: true,
  services,
});
c.setReady(true);

const rows: string[][] = [];
const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

for (const pass of ['first sighting', 'second pass']) {
  const ms = await time(async () => {
    for (let h = 0; h < HOSTS; h += HOSTS_PER_BATCH) {
      const batches = Array.from({ length: HOSTS_PER_BATCH }, (_, i) => hostBatch(h + i, clock.now()));
      await c.cmdb.observe({
        source: 'ssh',
        observedAt: clock.now(),
        cis: batches.flatMap((b, i) => b.cis.map((ci) => ({ ...ci, ref: `${i}:${ci.ref}` }))),
        relations: batches.flatMap((b, i) =>
          b.relations.map((r) => ({ ...r, from: `${i}:${r.from}`, to: `${i}:${r.to}` })),
        ),
      });
    }
  });
  rows.push([
    `reconcile 10,000 CI observations (${pass})`,
    `${(ms / 1000).toFixed(2)} s`,
    '< 5 s',
    ms < 5000 ? 'ok' : 'MISSED',
  ]);
  clock.advance(3_600_000);
}

// 90 days of outages: 30 per service, 10 minutes each, spread evenly; written in one transaction
// (setup, not measured: through the store each would be its own fsync'd commit).
const start = clock.now() - 90 * DAY;
const setup = new Database(join(dir, 'vigil.db'));
const insert = setup.prepare('INSERT INTO outages (subject, start_at, end_at) VALUES (?, ?, ?)');
setup.transaction(() => {
  for (let s = 0; s < SERVICES; s++)
    for (let k = 0; k < OUTAGES_PER_SERVICE; k++) {
      const at = start + k * 3 * DAY + s * 60_000;
      insert.run(serviceSubject(`svc-${s}`), at, at + 600_000);
    }
})();
setup.close();
await c.sla!.tracker.refreshMembers();
const slaMs = await time(async () => {
  for (const service of services)
    await buildSlaReport(
      store,
      service,
      c.sla!.tracker.membersOf(service.name),
      { start, end: clock.now() },
      clock.now(),
    );
});
rows.push([
  `SLA reports, ${SERVICES} services x 90 days (${SERVICES * OUTAGES_PER_SERVICE} outages)`,
  `${slaMs.toFixed(0)} ms`,
  '< 1000 ms',
  slaMs < 1000 ? 'ok' : 'MISSED',
]);

// Filtered listing and identifier search over the 10,000 CIs, through the API (one page each).
const listings = [
  '/api/v1/cis?q=host-05',
  '/api/v1/cis?q=SN999',
  '/api/v1/cis?q=02-00-00-00-03-E7',
  '/api/v1/cis?state=active&class=interface',
  '/api/v1/cis?source=ssh&class=host&limit=1000',
  '/api/v1/cis?q=host-&state=active&limit=1000',
  // Attribute conditions are checked on what the other filters select: a scan of the hosts.
  '/api/v1/cis?class=host&attribute.os=Debian%2012&limit=1000',
];
const listTimes: number[] = [];
for (let round = 0; round < 3; round++)
  for (const url of listings) {
    const t0 = performance.now();
    const res = await c.app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
    if (round > 0) listTimes.push(performance.now() - t0);
  }
listTimes.sort((a, b) => a - b);
const slowestList = listTimes[listTimes.length - 1]!;
rows.push([
  `CI list filters and search, ${listings.length} queries x 2 over the CMDB (slowest page)`,
  `${slowestList.toFixed(0)} ms`,
  '< 100 ms',
  slowestList < 100 ? 'ok' : 'MISSED',
]);

let reported = 0;
let cursor: string | undefined;
do {
  const page = await store.listCis({ limit: 1000, ...(cursor ? { cursor } : {}) });
  for (const ci of page.items) {
    c.liveness.report(`${ci.name}#${ci.id}`, ci.class, reported % 17 !== 0, 60_000);
    reported++;
  }
  cursor = page.next ?? undefined;
} while (cursor);
const scrapes: number[] = [];
let size = 0;
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  const res = await c.app.inject({ url: '/metrics' });
  if (i > 0) scrapes.push(performance.now() - t0);
  size = res.body.length;
}
scrapes.sort((a, b) => a - b);
const median = scrapes[Math.floor(scrapes.length / 2)]!;
rows.push([
  `/metrics scrape, ${reported} CIs (median of 5, ${(size / 1024).toFixed(0)} KiB)`,
  `${median.toFixed(0)} ms`,
  '< 200 ms',
  median < 200 ? 'ok' : 'MISSED',
]);

const table = new Table({ head: ['workload', 'took', 'target', ''] });
table.push(...rows);
console.log(table.toString());
await c.app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
