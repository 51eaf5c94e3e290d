import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../correlator/store/redis/redis-store.js';
import { runCiListConformance } from './ci-list-conformance.js';
import { runStoreConformance } from './store-conformance.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});

// Each store gets a random key prefix on the shared private server: isolation without FLUSHALL.
runStoreConformance(
  'redis',
  async () => new RedisStore({ url: server.url, prefix: `t-${randomUUID().slice(0, 8)}` }),
);

runCiListConformance(
  'redis',
  async () => new RedisStore({ url: server.url, prefix: `t-${randomUUID().slice(0, 8)}` }),
);
