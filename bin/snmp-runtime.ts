import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Timers } from '../agent/timers.js';
import { createDiscoveryMetrics } from '../collector/discovery/discovery-metrics.js';
import { DiscoveryScheduler } from '../collector/discovery/discovery-scheduler.js';
import { SnmpClientPool } from '../collector/snmp/client-pool.js';
import { SnmpMonitor, type SnmpTarget } from '../collector/snmp/snmp-monitor.js';
import { TrapReceiver } from '../collector/snmp/trap-receiver.js';
import type { SnmpConfig } from '../config/types.js';
import { type Clock, systemClock } from '../correlator/clock/clock.js';
import type { Cmdb } from '../correlator/cmdb/cmdb.js';
import type { Liveness } from '../correlator/cmdb/liveness.js';
import type { NativeEvent } from '../correlator/model/event.js';
import type { Store } from '../correlator/store/contract.js';
import type { ThresholdRule } from '../rules/rule-types.js';
import { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { snmpLivenessSink } from './snmp-liveness.js';
import { snmpSweepJobs } from './snmp-sweep-jobs.js';

/** What `vigil run` hands the SNMP runtime. */
export interface SnmpRuntimeDeps {
  config: SnmpConfig;
  rules: readonly ThresholdRule[];
  ingest: (events: NativeEvent[]) => Promise<unknown>;
  cmdb: Cmdb;
  store: Store;
  /** Where each poll's outcome goes: devices that stop answering go down. */
  liveness: Pick<Liveness, 'poll'>;
  registry: Registry;
  logger: Logger;
  /** Clock and timers of the discovery schedule; tests drive them, `vigil run` uses the real ones. */
  clock?: Clock;
  timers?: Timers;
}

/**
 * Starts SNMP polling of the configured targets and the trap receiver for `vigil run`, wired to
 * the pipeline (events) and the CMDB (inventory). Returns `stop`. Only called when the config has
 * an `snmp` section, so `vigil run` without one is unchanged.
 */
export async function startSnmpRuntime(deps: SnmpRuntimeDeps): Promise<{ stop(): Promise<void> }> {
  const { config, logger } = deps;
  const byName = new Map(config.credentials.map((c) => [c.name, c]));
  const pollErrors = new Counter({
    name: 'vigil_snmp_poll_errors_total',
    help: 'Failed SNMP polls of configured targets (device down, wrong credentials, walk limit).',
    registers: [deps.registry],
  });
  const traps = new Counter({
    name: 'vigil_snmp_traps_total',
    help: 'Packets received on the SNMP trap listener, by outcome (accepted, refused_community, refused_user, malformed, unsupported, dropped).',
    labelNames: ['outcome'] as const,
    registers: [deps.registry],
  });

  const targets: SnmpTarget[] = config.targets.map((t) => ({
    host: t.host,
    port: t.port,
    credential: byName.get(t.credential)!,
    intervalMs: t.intervalMs,
    ...(t.name ? { name: t.name } : {}),
    tuning: { timeoutMs: t.timeoutMs, retries: t.retries, maxRepetitions: t.maxRepetitions },
    tables: { hostResources: t.hostResources, sensors: t.sensors },
  }));
  const monitor = new SnmpMonitor(targets, {
    pool: new SnmpClientPool({ concurrency: config.concurrency }),
    evaluator: new ThresholdEvaluator(deps.rules, {
      intervalMs: Math.max(...config.targets.map((t) => t.intervalMs), 60_000),
      source: 'snmp',
    }),
    inventoryIntervalMs: config.inventoryIntervalMs,
    sinks: {
      onEvents: async (events) => {
        await deps.ingest(events);
      },
      onObservations: async (batch) => {
        await deps.cmdb.observe(batch);
      },
      onPoll: snmpLivenessSink(deps.liveness, config.downAfterFailures),
      onError: (target, error) => {
        pollErrors.inc();
        const e = error as { code?: string; message?: string };
        logger.warn(
          { target: `${target.host}:${target.port}`, code: e.code, error: e.message },
          'SNMP poll failed; retrying next interval',
        );
      },
    },
  });
  monitor.start();

  let receiver: TrapReceiver | null = null;
  if (config.traps) {
    receiver = new TrapReceiver({
      host: config.traps.listen.host,
      port: config.traps.listen.port,
      credentials: config.traps.credentials.map((n) => byName.get(n)!),
      ...(config.traps.engineID ? { engineID: config.traps.engineID } : {}),
      resolveSender: async (address) =>
        (await deps.store.findCiByIdentifier('network_device', 'managementAddress', address, null))?.name ??
        null,
      onEvents: async (events) => {
        await deps.ingest(events);
      },
      onOutcome: (outcome) => traps.inc({ outcome }),
    });
    await receiver.start();
    logger.info({ listen: config.traps.listen }, 'SNMP trap listener started');
  }
  logger.info({ targets: targets.length }, 'SNMP polling started');

  const discovery = new DiscoveryScheduler(
    snmpSweepJobs(config, {
      cmdb: () => deps.cmdb,
      clock: deps.clock ?? systemClock,
      log: logger,
    }),
    {
      log: logger,
      metrics: createDiscoveryMetrics(deps.registry),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.timers ? { timers: deps.timers } : {}),
    },
  );
  discovery.start();
  if (config.discovery.length > 0)
    logger.info({ sweeps: config.discovery.length }, 'SNMP discovery scheduled');
  return {
    stop: async () => {
      await discovery.stop();
      await monitor.stop();
      await receiver?.close();
    },
  };
}
