import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type RuntimeFlags, resolveRuntimeConfig } from '../../config/overrides.js';
import type { RedisStoreConfig } from '../../config/types.js';
import { systemClock } from '../../correlator/clock/clock.js';
import { createCorrelator } from '../../correlator/correlator.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { RedisKeys } from '../../correlator/store/redis/keys.js';
import { persistenceWarning } from '../../correlator/store/redis/persistence.js';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { Lease } from '../../correlator/stream/lease.js';
import { LeasedTimers } from '../../correlator/stream/leased-timers.js';
import { defineDistributedScripts } from '../../correlator/stream/scripts.js';
import { StreamConsumer } from '../../correlator/stream/stream-consumer.js';
import { StreamIngest } from '../../correlator/stream/stream-ingest.js';
import { createStreamMetrics } from '../../correlator/stream/stream-metrics.js';
import { loadConfiguredAutomation } from '../automation-sources.js';
import { incidentPolicyFromConfig } from '../incident-policy.js';
import { createLogger } from '../logger.js';
import { loadConfiguredRules } from '../rule-sources.js';
import { serverDiscovery } from '../server-discovery.js';
import { serverJobs } from '../server-jobs.js';
import { checkServerSections } from '../server-sections.js';

/** The consumer group every replica of one installation joins. */
export const CONSUMER_GROUP = 'vigil-servers';

/** How long one stream read waits for new entries before the consumer looks around again. */
const BLOCK_MS = 1000;

/**
 * `vigil server`: one replica of a distributed installation. API and correlator on the Redis
 * store; ingest appends to the Redis ingest stream and answers 2xx after XADD; the replicas
 * consume the stream as one consumer group; timer work runs on the replica holding the lease.
 * Resolves once listening; `stop` shuts down in order (not ready, stop reading, drain HTTP,
 * cancel running discovery sweeps, stop timers and give the lease up, close Redis). Scheduled
 * `snmp.discovery` sweeps are a timer job too: only the lease holder sweeps.
 */
export async function runServer(options: { configPath?: string; flags: RuntimeFlags }) {
  const { config } = await resolveRuntimeConfig({
    configPath: options.configPath,
    flags: options.flags,
    env: process.env,
  });
  if (config.store.kind !== 'redis') {
    throw new VigilError('VIGIL_ERR_SERVER_NEEDS_REDIS', {
      file: config.source.file ?? '(none: the built-in defaults)',
      kind: config.store.kind,
    });
  }
  const storeConfig: RedisStoreConfig = config.store;
  const logger = createLogger(config.server.logLevel);
  if (config.server.tokens.length === 0) {
    throw new VigilError('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED', {
      section: 'server.tokens',
      file: config.source.file ?? 'the built-in defaults',
      reason: 'it is empty, and replicas share no data directory to generate an admin token into',
      hint: '; configure tokens (an admin one at least) the same on every replica',
    });
  }
  const rules = await loadConfiguredRules(config.rules);
  const automation = await loadConfiguredAutomation(config.automation, config.ssh);
  const store = new RedisStore({ url: storeConfig.url, prefix: storeConfig.keyPrefix });
  const where = `redis ${new URL(storeConfig.url).host} (keys {${storeConfig.keyPrefix}}:*)`;
  let warnings: string[];
  try {
    warnings = checkServerSections(
      { config, correlation: rules.correlation, automationRules: automation.rules.length },
      store,
    );
    await store.ping();
  } catch (error) {
    await store.close();
    if (error instanceof VigilError) throw error;
    throw new VigilError('VIGIL_ERR_STORE_UNAVAILABLE', {
      reason: `${where} does not answer: ${(error as Error).message.slice(0, 200)}`,
    });
  }
  for (const warning of warnings) logger.warn(warning);
  const durability = await persistenceWarning(store.redis);
  if (durability) logger.warn(durability);

  const clock = systemClock;
  const keys = new RedisKeys(storeConfig.keyPrefix).distributed;
  const scripts = defineDistributedScripts(store.redis);
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let streamMetrics: ReturnType<typeof createStreamMetrics> | null = null;
  const ingest = new StreamIngest({
    append: scripts['stream-append'],
    stream: keys.stream,
    maxLength: storeConfig.stream.maxLength,
    clock,
    onAppended: (via, events) => streamMetrics?.appended.inc({ via }, events),
  });
  const lease = new Lease({
    acquire: scripts['lease-acquire'],
    renew: scripts['lease-renew'],
    release: scripts['lease-release'],
    key: keys.lease,
    fenceKey: keys.fence,
    owner,
    ttlMs: storeConfig.lease.ttlMs,
    clock,
  });
  const correlator = await createCorrelator({
    store,
    policy: incidentPolicyFromConfig(config.incidents),
    tokens: config.server.tokens,
    limits: config.server.limits,
    metricsAuth: config.server.metricsAuth,
    suppression: config.suppression,
    logger,
    cmdb: config.cmdb,
    automation,
    registration: config.registration,
    services: config.services,
    notify: config.notify,
    // Only the lease holder sends; each notification under a claim named after this replica.
    notifyDispatch: { owner, mayContinue: () => lease.holds() },
    rules: rules.correlation,
    loadRules: async () => (await loadConfiguredRules(config.rules)).correlation,
    ingest: async (events, via) => {
      try {
        return await ingest.append(events, via);
      } catch (error) {
        if (error instanceof VigilError && error.code === 'VIGIL_ERR_STREAM_FULL')
          streamMetrics?.refused.inc();
        throw error;
      }
    },
  });
  streamMetrics = createStreamMetrics(correlator.registry);

  const reader = store.redis.duplicate();
  reader.on('error', () => {});
  const consumer = new StreamConsumer({
    redis: reader,
    stream: keys.stream,
    dead: keys.dead,
    group: CONSUMER_GROUP,
    consumer: owner,
    process: (events) => correlator.pipeline.ingest(events),
    clock,
    count: storeConfig.stream.batch,
    blockMs: BLOCK_MS,
    claimIdleMs: storeConfig.stream.claimIdleMs,
    metrics: streamMetrics,
    logger,
  });
  await consumer.ensureGroup();

  const discovery = serverDiscovery({
    snmp: config.snmp,
    cmdb: correlator.cmdb,
    lease,
    redis: store.redis,
    claim: scripts['discovery-claim'],
    keys,
    clock,
    logger,
    registry: correlator.registry,
  });
  const timers = new LeasedTimers({
    lease,
    clock,
    renewEveryMs: storeConfig.lease.renewEveryMs,
    metrics: streamMetrics,
    logger,
    jobs: [
      ...serverJobs({
        correlator,
        store,
        storeConfig,
        config,
        stream: keys.stream,
        group: CONSUMER_GROUP,
        logger,
      }),
      ...(discovery.job ? [discovery.job] : []),
    ],
  });

  await correlator.app.listen({ host: config.server.listen.host, port: config.server.listen.port });
  consumer.start();
  timers.start();
  correlator.setReady(true);
  logger.info({ listen: config.server.listen, store: where, replica: owner }, 'vigil server started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      correlator.setReady(false, 'shutting down');
      await correlator.app.close();
      await consumer.stop();
      await discovery.stop();
      await timers.stop();
      await correlator.automation?.idle();
      await correlator.notifications?.idle();
      reader.disconnect();
      await store.close();
      logger.info('vigil server stopped');
    })();
    return stopping;
  };
  return { correlator, stop, replica: owner };
}
