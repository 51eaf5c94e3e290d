import { hostname } from 'node:os';
import { createLocalHostMonitor } from '../../agent/create-host-monitor.js';
import { createSshMonitors } from '../../agent/create-ssh-monitors.js';
import type { HostMonitor } from '../../agent/host-monitor.js';
import { type RuntimeFlags, resolveRuntimeConfig } from '../../config/overrides.js';
import type { ApiToken } from '../../config/types.js';
import { systemClock } from '../../correlator/clock/clock.js';
import { createCorrelator } from '../../correlator/correlator.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { pruneOutbox } from '../../correlator/notify/outbox-pruning.js';
import { isGroupStore } from '../../correlator/store/group-store.js';
import { isOutboxStore } from '../../correlator/store/outbox-store.js';
import { ensureAdminToken } from '../admin-token.js';
import { loadConfiguredAutomation } from '../automation-sources.js';
import { startupBanner } from '../banner.js';
import { incidentPolicyFromConfig } from '../incident-policy.js';
import { createLogger } from '../logger.js';
import { loadConfiguredRules } from '../rule-sources.js';
import { startSnmpRuntime } from '../snmp-runtime.js';
import { sshSinks } from '../ssh-sinks.js';
import { storeFromConfig } from '../store-from-config.js';

/** How often timer work (hold-down resolution) runs, and how often old raw events are pruned. */
const TICK_MS = 1000;
const PRUNE_MS = 3_600_000;
/** How often CI liveness is turned into CI and service outages. */
const AVAILABILITY_MS = 15_000;
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
  let tokens: readonly ApiToken[] = config.server.tokens;
  let adminToken: { path: string; created: boolean } | null = null;
  if (tokens.length === 0) {
    const generated = ensureAdminToken(dataDir);
    tokens = [{ name: 'admin', role: 'admin', token: generated.token }];
    adminToken = { path: generated.path, created: generated.created };
  }

  const rules = await loadConfiguredRules(config.rules);
  const automation = await loadConfiguredAutomation(config.automation, config.ssh);
  const configured = storeFromConfig(config.store);
  const { store } = configured;
  await store.ping().catch((error: unknown) => {
    throw new VigilError('VIGIL_ERR_STORE_UNAVAILABLE', {
      reason: `${configured.where} does not answer: ${(error as Error).message.slice(0, 200)}`,
    });
  });
  const durability = await configured.durabilityWarning();
  if (durability) logger.warn(durability);
  const correlator = await createCorrelator({
    store,
    policy: incidentPolicyFromConfig(config.incidents),
    tokens,
    limits: config.server.limits,
    metricsAuth: config.server.metricsAuth,
    suppression: config.suppression,
    logger,
    cmdb: config.cmdb,
    automation,
    registration: config.registration,
    services: config.services,
    notify: config.notify,
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

  // One process owns this store: notification claims left by a killed predecessor are void.
  const released = isOutboxStore(store) ? await store.releaseClaims() : 0;
  if (released > 0) logger.info({ released }, 'released notification claims left by the last process');
  const interrupted = (await correlator.automation?.recoverInterrupted()) ?? 0;
  if (interrupted > 0)
    logger.warn({ interrupted }, 'automation changes left running by the last process were marked failed');
  // Agentless SSH monitoring, only when the config has an `ssh` section.
  const sshMonitors = config.ssh
    ? await createSshMonitors({
        config: config.ssh,
        rules: rules.thresholds,
        ...(config.source.file ? { configFile: config.source.file } : {}),
        sinks: sshSinks(correlator, logger, {
          staleAfterMs: (config.ssh.downAfterFailures + 2) * config.ssh.intervalMs,
          downAfterFailures: config.ssh.downAfterFailures,
        }),
      })
    : null;

  await correlator.app.listen({ host: config.server.listen.host, port: config.server.listen.port });
  monitor?.start();
  sshMonitors?.start();
  const snmp = config.snmp
    ? await startSnmpRuntime({
        config: config.snmp,
        rules: rules.thresholds,
        ingest: (events) => pipeline.ingest(events),
        cmdb,
        store,
        liveness,
        registry: correlator.registry,
        logger,
      })
    : null;
  correlator.setReady(true);

  const tick = setInterval(() => {
    pipeline
      .tick()
      .then(() => correlator.automation?.tick())
      .catch((error: unknown) => logger.error({ err: error }, 'timer tick failed'));
  }, TICK_MS);
  // Notifications run apart from the pipeline's timer: a slow receiver must never hold up ingest.
  const notify = correlator.notifications
    ? setInterval(() => {
        correlator.notifications
          ?.dispatch()
          .catch((error: unknown) => logger.error({ err: error }, 'notification round failed; retrying'));
      }, TICK_MS)
    : null;
  const sweep = setInterval(() => {
    cmdb
      .sweepLifecycle()
      .catch((error: unknown) => logger.error({ err: error }, 'CMDB lifecycle sweep failed'));
    correlator
      .trackAvailability(true)
      .catch((error: unknown) => logger.error({ err: error }, 'service membership refresh failed'));
  }, config.cmdb.lifecycle.sweepIntervalMs);
  const availability = setInterval(() => {
    correlator
      .trackAvailability()
      .catch((error: unknown) => logger.error({ err: error }, 'availability tracking failed'));
  }, AVAILABILITY_MS);
  const prune = setInterval(() => {
    configured
      .pruneEvents(Date.now() - config.store.eventRetentionMs)
      .then((removed) => {
        if (removed > 0) logger.info({ removed }, 'pruned raw events past store.eventRetention');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'pruning raw events failed; retrying later'));
    if (isGroupStore(store)) {
      store
        .pruneGroups(Date.now() - GROUP_RETENTION_MS)
        .catch((error: unknown) => logger.error({ err: error }, 'pruning correlation groups failed'));
    }
    if (isOutboxStore(store)) {
      pruneOutbox(store, systemClock, config.notify.retentionMs)
        .then((removed) => {
          if (removed > 0) logger.info({ removed }, 'pruned settled notifications past notify.retention');
        })
        .catch((error: unknown) => logger.error({ err: error }, 'pruning the notification outbox failed'));
    }
  }, PRUNE_MS);

  process.stderr.write(
    startupBanner({
      listen: config.server.listen,
      dataDir,
      storePath: configured.where,
      hostMonitoring: monitor !== null,
      rules: rules.thresholds.length,
      adminToken,
      configFile: config.source.file,
    }),
  );
  logger.info({ listen: config.server.listen, store: configured.where }, 'vigil run started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      correlator.setReady(false, 'shutting down');
      clearInterval(tick);
      clearInterval(prune);
      clearInterval(sweep);
      clearInterval(availability);
      if (notify) clearInterval(notify);
      await monitor?.stop();
      await sshMonitors?.stop();
      await snmp?.stop();
      await correlator.app.close();
      await correlator.automation?.idle();
      await correlator.notifications?.idle();
      await store.close();
      logger.info('vigil run stopped');
    })();
    return stopping;
  };
  return { correlator, stop, dataDir };
}
