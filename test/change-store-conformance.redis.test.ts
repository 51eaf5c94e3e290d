import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../correlator/store/redis/redis-store.js';
import { runChangeStoreConformance } from './change-store-conformance.js';
import { REDIS_PARTS_HOST, type RedisServer, startRedisServer } from './support/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer(undefined, { host: REDIS_PARTS_HOST });
});
afterAll(async () => {
  await server?.dispose();
});

// A private redis-server; each store gets a random key prefix on it: isolation without FLUSHALL.
runChangeStoreConformance(
  'redis',
  async () => new RedisStore({ url: server.url, prefix: `t-${randomUUID().slice(0, 8)}` }),
);
