import { hostname } from 'node:os';
import { createLocalHostMonitor } from '../../agent/create-host-monitor.js';
import type { HostMonitor } from '../../agent/host-monitor.js';
import { type RuntimeFlags, resolveRuntimeConfig } from '../../config/overrides.js';
import type { ApiToken } from '../../config/types.js';
import { createCorrelator } from '../../correlator/correlator.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { SqliteStore } from '../../correlator/store/sqlite/sqlite-store.js';
import { ensureAdminToken } from '../admin-token.js';
import { startupBanner } from '../banner.js';
import { incidentPolicyFromConfig } from '../incident-policy.js';
import { createLogger } from '../logger.js';
import { loadConfiguredRules } from '../rule-sources.js';

/** How often timer work (hold-down resolution) runs, and how often old raw events are pruned. */
const TICK_MS = 1000;
const PRUNE_MS = 3_600_000;
/** Correlation groups older than this are past every sensible window and are deleted. */
const GROUP_RETENTION_MS = 86_400_000;

/**
 * `vigil run`: everything on one machine. Embedded store, the local host probe with threshold
 * rules, the correlator and the API. Works with no config file. Resolves once listening; the
 * returned `stop` shuts down in order (not ready, stop probes, drain HTTP, close the store).
 */
export async function runAllInOne(options: { configPath?: string; flags: RuntimeFlags }) {
  const { config, dataDir } = await resolveRuntimeConfig({
    configPath: options.configPath,
    flags: options.flags,
    env: process.env,
  });
  const logger = createLogger(config.server.logLevel);
  if (config.store.kind !== 'sqlite') {
    throw new VigilError('VIGIL_ERR_STORE_KIND_UNSUPPORTED', {
      kind: config.store.kind,
      command: 'vigil run',
    });
  }

  let tokens: readonly ApiToken[] = config.server.tokens;
  let adminToken: { path: string; created: boolean } | null = null;
  if (tokens.length === 0) {
    const generated = ensureAdminToken(dataDir);
    tokens = [{ name: 'admin', role: 'admin', token: generated.token }];
    adminToken = { path: generated.path, created: generated.created };
  }

  const rules = await loadConfiguredRules(config.rules);
  const store = new SqliteStore({ path: config.store.path, synchronous: config.store.synchronous });
  const correlator = await createCorrelator({
    store,
    policy: incidentPolicyFromConfig(config.incidents),
    tokens,
    limits: config.server.limits,
    metricsAuth: config.server.metricsAuth,
    logger,
    rules: rules.correlation,
    // A reload reads the configured rule files again (the config file itself is not re-read).
    loadRules: async () => (await loadConfiguredRules(config.rules)).correlation,
  });
  const { pipeline, cmdb, metrics, liveness } = correlator;

  let monitor: HostMonitor | null = null;
  if (config.host.enabled) {
    const resource = config.host.name ?? hostname();
    const staleAfterMs = 3 * config.host.intervalMs;
    monitor = await createLocalHostMonitor({
      rules: rules.thresholds,
      probe: {
        resource,
        filesystems: { ...config.host.filesystems },
        interfaces: { ...config.host.interfaces },
      },
      monitor: {
        intervalMs: config.host.intervalMs,
        slowIntervalMs: config.host.slowIntervalMs,
        inventoryIntervalMs: config.host.inventoryIntervalMs,
      },
      sinks: {
        onEvents: async (events) => {
          await pipeline.ingest(events);
        },
        onObservations: async (batch) => {
          const result = await cmdb.observe(batch);
          logger.debug({ created: result.created, updated: result.updated }, 'host inventory reconciled');
        },
        onCycle: (report) => {
          metrics.probeDuration.observe({ probe: 'host' }, report.durationMs / 1000);
          for (const error of report.errors) {
            metrics.probeErrors.inc({ probe: 'host', call: error.call });
            logger.warn(
              { call: error.call, error: error.error },
              'host probe call failed; the other calls went on',
            );
          }
          liveness.report(resource, 'host', true, staleAfterMs);
        },
      },
    });
  }

  await correlator.app.listen({ host: config.server.listen.host, port: config.server.listen.port });
  monitor?.start();
  correlator.setReady(true);

  const tick = setInterval(() => {
    pipeline.tick().catch((error: unknown) => logger.error({ err: error }, 'timer tick failed'));
  }, TICK_MS);
  const prune = setInterval(() => {
    const removed = store.pruneEvents(Date.now() - config.store.eventRetentionMs);
    if (removed > 0) logger.info({ removed }, 'pruned raw events past store.eventRetention');
    store
      .pruneGroups(Date.now() - GROUP_RETENTION_MS)
      .catch((error: unknown) => logger.error({ err: error }, 'pruning correlation groups failed'));
  }, PRUNE_MS);

  process.stderr.write(
    startupBanner({
      listen: config.server.listen,
      dataDir,
      storePath: config.store.path,
      hostMonitoring: monitor !== null,
      rules: rules.thresholds.length,
      adminToken,
      configFile: config.source.file,
    }),
  );
  logger.info({ listen: config.server.listen, store: config.store.path }, 'vigil run started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      correlator.setReady(false, 'shutting down');
      clearInterval(tick);
      clearInterval(prune);
      await monitor?.stop();
      await correlator.app.close();
      await store.close();
      logger.info('vigil run stopped');
    })();
    return stopping;
  };
  return { correlator, stop, dataDir };
}
