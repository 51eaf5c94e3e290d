import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ManualClock } from '../../correlator/clock/clock.js';
import { type Correlator, createCorrelator } from '../../correlator/correlator.js';
import { DEFAULT_INCIDENT_POLICY } from '../../correlator/incidents/policy.js';
import { RedisKeys } from '../../correlator/store/redis/keys.js';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { defineDistributedScripts } from '../../correlator/stream/scripts.js';
import { StreamConsumer, type StreamConsumerOptions } from '../../correlator/stream/stream-consumer.js';
import { StreamIngest } from '../../correlator/stream/stream-ingest.js';
import { createStreamMetrics } from '../../correlator/stream/stream-metrics.js';

/** The admin token of the installation's API. */
export const STREAM_ADMIN_TOKEN = 'stream-admin-token-0123456789abcdef';

/** The loopback address of this branch's private test servers (distributed mode). */
export const STREAM_TEST_HOST = '127.7.0.1';

/**
 * One installation of distributed mode on a private redis-server, isolated by a random key
 * prefix: the store, a correlator on a manual clock, the stream ingest, and consumers as
 * replicas. Close it with `close()`.
 */
export async function streamInstallation(url: string, options: { maxLength?: number } = {}) {
  const prefix = `t-${randomBytes(6).toString('hex')}`;
  const clock = new ManualClock();
  const store = new RedisStore({ url, prefix, redis: { maxRetriesPerRequest: 2 } });
  const keys = new RedisKeys(prefix);
  const scripts = defineDistributedScripts(store.redis);
  const ingest = new StreamIngest({
    append: scripts['stream-append'],
    stream: keys.distributed.stream,
    maxLength: options.maxLength ?? 0,
    clock,
  });
  const correlator: Correlator = await createCorrelator({
    store,
    policy: DEFAULT_INCIDENT_POLICY,
    tokens: [{ name: 'admin', role: 'admin', token: STREAM_ADMIN_TOKEN }],
    limits: { bodyBytes: 1024 * 1024, batchEvents: 5000 },
    metricsAuth: false,
    clock,
    processMetrics: false,
    // The API hands accepted batches to the stream, as in `vigil server`.
    ingest: ingest.append,
  });
  const metrics = createStreamMetrics(correlator.registry);
  const connections: Redis[] = [];
  /** A replica's consumer on its own connection, processing through `process` (default: the pipeline). */
  const consumer = (name: string, overrides: Partial<StreamConsumerOptions> = {}) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 2 });
    redis.on('error', () => {});
    connections.push(redis);
    return new StreamConsumer({
      redis,
      stream: keys.distributed.stream,
      dead: keys.distributed.dead,
      group: 'replicas',
      consumer: name,
      process: (events) => correlator.pipeline.ingest(events),
      clock,
      count: 100,
      blockMs: 50,
      claimIdleMs: 60_000,
      metrics,
      ...overrides,
    });
  };
  return {
    prefix,
    clock,
    store,
    keys,
    scripts,
    correlator,
    metrics,
    ingest,
    consumer,
    redis: store.redis,
    async close() {
      for (const c of connections) c.disconnect();
      await store.close();
    },
  };
}

/** A firing native event with overrides. */
export function firing(overrides: Record<string, unknown> = {}) {
  return {
    source: 'test',
    resource: 'db-1',
    check: 'filesystem.used_percent',
    severity: 'critical' as const,
    status: 'firing' as const,
    summary: 'Filesystem /data is full',
    labels: { mount: '/data' },
    ...overrides,
  };
}
