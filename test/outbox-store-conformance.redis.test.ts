import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../correlator/store/redis/redis-store.js';
import { runOutboxStoreConformance } from './outbox-store-conformance.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

/** This suite's loopback address (its own range). */
const HOST = '127.92.0.1';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer(undefined, { host: HOST });
});
afterAll(async () => {
  await server?.dispose();
});

// A private redis-server; each store gets a random key prefix on it: isolation without FLUSHALL.
runOutboxStoreConformance(
  'redis',
  async () => new RedisStore({ url: server.url, prefix: `outbox-${randomUUID().slice(0, 8)}` }),
);
