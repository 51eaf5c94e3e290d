/**
 * Bench helper process: a correlator on a durable SQLite file (synchronous=FULL), listening on a
 * free loopback port, with no host monitoring, so the benchmark measures ingest alone. Prints
 * `{"port":N}` on stdout when listening; reports its RSS and CPU time when asked over IPC.
 */
import { join } from 'node:path';
import { limitHeapGrowth } from '../../bin/heap-growth.js';
import { createCorrelator } from '../../correlator/correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../../correlator/incidents/policy.js';
import { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';

// The heap tuning `vigil run` applies at start (bin/heap-growth.ts).
limitHeapGrowth('run');
const dir = process.argv[2];
const token = process.argv[3];
if (!dir || !token) throw new Error('usage: serve-correlator DIR TOKEN');

const store = new SqliteStore({
  path: join(dir, 'vigil.db'),
  synchronous: 'full',
});
const correlator = await createCorrelator({
  store,
  policy: DEFAULT_INCIDENT_POLICY,
  tokens: [{ name: 'bench', role: 'agent', token }],
  limits: { bodyBytes: 32 * 1024 * 1024, batchEvents: 10_000 },
  metricsAuth: false,
});
correlator.setReady(true);
await correlator.app.listen({ host: '127.0.0.1', port: 0 });
const address = correlator.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('message', (message) => {
  if (message === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
});
process.on('SIGTERM', async () => {
  await correlator.app.close();
  await store.close();
  process.exit(0);
});
