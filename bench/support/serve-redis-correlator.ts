/**
 * Bench helper process: a correlator on the Redis store (URL and key prefix from argv), listening
 * on a free loopback port, with no host monitoring, so a benchmark measures the correlator alone.
 * Prints `{"port":N}` on stdout when listening; answers `stats` over IPC with its RSS and heap,
 * after a full garbage collection when started with --expose-gc.
 */
import { limitHeapGrowth } from '../../bin/heap-growth.js';
import { createCorrelator } from '../../correlator/correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../../correlator/incidents/policy.js';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';

// The heap tuning `vigil server` applies at start (bin/heap-growth.ts).
const heapGrowth = limitHeapGrowth('server');
const [url, prefix, token] = process.argv.slice(2);
if (!url || !prefix || !token) throw new Error('usage: serve-redis-correlator URL PREFIX TOKEN');

const store = new RedisStore({ url, prefix });
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
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const memory = process.memoryUsage();
    process.send?.({
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      heapGrowth: heapGrowth === null ? 'V8 default' : `${heapGrowth} %`,
    });
  }
});
process.on('SIGTERM', async () => {
  await correlator.app.close();
  await store.close();
  process.exit(0);
});
