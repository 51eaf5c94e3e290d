import { randomUUID } from 'node:crypto';
import { arch, hostname, platform, release } from 'node:os';
import { Registry } from 'prom-client';
import { createAgentHttp } from '../../agent/agent-http.js';
import { createAgentMetrics } from '../../agent/agent-metrics.js';
import { createLocalHostMonitor } from '../../agent/create-host-monitor.js';
import type { HostMonitor } from '../../agent/host-monitor.js';
import { Backoff } from '../../agent/ship/backoff.js';
import { Shipper } from '../../agent/ship/shipper.js';
import { HttpTransport } from '../../agent/ship/transport.js';
import { Spool } from '../../agent/spool/spool.js';
import { systemTimers } from '../../agent/timers.js';
import { parseListen } from '../../config/listen.js';
import { type RuntimeFlags, resolveRuntimeConfig } from '../../config/overrides.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { NativeEvent } from '../../correlator/model/event.js';
import { createLogger } from '../logger.js';
import { loadConfiguredRules } from '../rule-sources.js';

/** The agent's version, announced at registration. */
const AGENT_VERSION = '0.1.0';

/**
 * `vigil agent`: collection only. Runs the host probe and threshold rules, spools every event and
 * observation to disk first, ships them to `agent.url` in order, and registers the host on start.
 * Resolves once listening; `stop` ends probes and shipping and closes the spool (nothing is lost:
 * what was not delivered stays spooled for the next start).
 */
export async function runAgent(options: { configPath?: string; flags: RuntimeFlags; listen?: string }) {
  const { config, dataDir } = await resolveRuntimeConfig({
    configPath: options.configPath,
    flags: options.flags,
    env: process.env,
  });
  const agent =
    options.listen === undefined ? config.agent : { ...config.agent, listen: parseListen(options.listen) };
  if (agent.url === null || agent.token === null) {
    throw new VigilError('VIGIL_ERR_AGENT_URL_MISSING', { file: config.source.file ?? '(no config file)' });
  }
  const logger = createLogger(config.server.logLevel);
  const registry = new Registry();
  let metrics: ReturnType<typeof createAgentMetrics> | null = null;
  const spool = new Spool({
    ...agent.spool,
    onCorrupt: (info) => {
      metrics?.corruptSegments.inc();
      logger.warn(
        { code: 'VIGIL_ERR_SPOOL_CORRUPT', ...info },
        new VigilError('VIGIL_ERR_SPOOL_CORRUPT', {
          file: info.file,
          offset: info.offset,
          reason: info.reason,
        }).message,
      );
    },
  });
  metrics = createAgentMetrics(registry, spool);
  metrics.corruptSegments.inc(spool.corruptSegments);
  const m = metrics;
  const target = new URL(agent.url).origin;

  const shipper = new Shipper({
    spool,
    transport: new HttpTransport({ url: agent.url, token: agent.token, timeoutMs: agent.requestTimeoutMs }),
    backoff: new Backoff({ initialMs: agent.backoff.initialMs, maxMs: agent.backoff.maxMs }),
    timers: systemTimers,
    batchSize: agent.batchSize,
    flushIntervalMs: agent.flushIntervalMs,
    events: {
      shipped: (kind, items) => {
        m.shipped.inc({ kind }, items);
        m.lastDelivery.set(Date.now() / 1000);
      },
      failed: (delivery, waitMs) => {
        m.deliveryFailures.inc({ outcome: delivery.outcome });
        if (delivery.outcome === 'auth') {
          logger.error(
            {
              code: 'VIGIL_ERR_AGENT_AUTH',
              status: delivery.status,
              retryInMs: waitMs,
              pending: spool.pendingItems,
            },
            new VigilError('VIGIL_ERR_AGENT_AUTH', { url: target, status: delivery.status }).message,
          );
        } else {
          logger.warn(
            { url: target, reason: delivery.reason, retryInMs: waitMs, pending: spool.pendingItems },
            'correlator unreachable; events stay spooled and are retried with backoff',
          );
        }
      },
      rejected: (kind, items, reason) => {
        m.rejected.inc({ kind }, items);
        logger.error({ kind, items, reason }, 'the correlator refused a record for good; it was dropped');
      },
      dropped: (items) => {
        m.droppedEvents.inc(items);
        logger.warn({ items, maxBytes: agent.spool.maxBytes }, 'spool full: dropped the oldest events');
      },
    },
  });

  const spoolEvents = (events: NativeEvent[]) => {
    // Ids chosen here make every retry and replay idempotent on the correlator.
    const stamped = events.map((e) => (e.id ? e : { ...e, id: randomUUID() }));
    shipper.enqueue({ k: 'events', b: stamped });
    m.eventsSpooled.inc(stamped.length);
  };

  const name = config.host.name ?? hostname();
  shipper.enqueue({
    k: 'register',
    b: {
      hostname: name,
      labels: { ...agent.labels },
      metadata: {
        os: platform(),
        platform: platform(),
        arch: arch(),
        release: release(),
        agentVersion: AGENT_VERSION,
      },
    },
  });

  let monitor: HostMonitor | null = null;
  if (config.host.enabled) {
    const rules = await loadConfiguredRules(config.rules);
    monitor = await createLocalHostMonitor({
      rules: rules.thresholds,
      probe: {
        resource: name,
        filesystems: { ...config.host.filesystems },
        interfaces: { ...config.host.interfaces },
      },
      monitor: {
        intervalMs: config.host.intervalMs,
        slowIntervalMs: config.host.slowIntervalMs,
        inventoryIntervalMs: config.host.inventoryIntervalMs,
      },
      sinks: {
        onEvents: async (events) => spoolEvents(events),
        onObservations: async (batch) => shipper.enqueue({ k: 'observations', b: batch }),
        onCycle: (report) => {
          m.probeDuration.observe(report.durationMs / 1000);
          for (const error of report.errors) m.probeErrors.inc({ call: error.call });
        },
      },
    });
  }

  const http = createAgentHttp({
    registry,
    token: agent.token,
    relay: spoolEvents,
    healthy: () => ({ ok: true, detail: { pendingEvents: spool.pendingItems, spoolBytes: spool.bytes } }),
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(agent.listen.port, agent.listen.host, () => resolve());
  });
  shipper.start();
  monitor?.start();
  logger.info(
    {
      correlator: target,
      listen: agent.listen,
      spool: agent.spool.dir,
      pending: spool.pendingItems,
      dataDir,
    },
    'vigil agent started',
  );

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await monitor?.stop();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await shipper.stop();
      spool.close();
      logger.info({ pending: spool.pendingItems }, 'vigil agent stopped; undelivered events stay spooled');
    })();
    return stopping;
  };
  return { stop, spool };
}
