import { join } from 'node:path';
import { SshCommandRunner } from '../collector/ssh/command-runner.js';
import { SshConnectionPool } from '../collector/ssh/connection-pool.js';
import { type SshCustomCheck, SshHealthProbe } from '../collector/ssh/health-probe.js';
import { HostKeyPolicy } from '../collector/ssh/host-key-policy.js';
import { Semaphore } from '../collector/ssh/semaphore.js';
import type { SshConfig } from '../config/types.js';
import type { Clock } from '../correlator/clock/clock.js';
import { builtinRulesDir, loadRuleFiles } from '../rules/load.js';
import type { ThresholdRule } from '../rules/rule-types.js';
import { ThresholdEvaluator } from '../rules/threshold-evaluator.js';
import { HostMonitor } from './host-monitor.js';
import type { HostMonitorSinks, HostProbeLike } from './host-monitor-types.js';
import { sshCheckRules } from './ssh-check-rules.js';
import { sshTargetOf } from './ssh-targets.js';

/** What `createSshMonitors` needs. */
export interface SshMonitorsSetup {
  config: SshConfig;
  /** The configured threshold rules (the host rules apply to SSH targets too). */
  rules: readonly ThresholdRule[];
  /** Sinks of one target: its address (`host:port`) and current resource (CI) name. */
  sinks: (target: { address: string; resource: () => string }) => HostMonitorSinks;
  /** File named in rule errors of `ssh.checks`. */
  configFile?: string;
  clock?: Clock;
}

/** The running SSH monitoring: one HostMonitor per target over one connection pool. */
export interface SshMonitors {
  readonly monitors: readonly HostMonitor[];
  start(): void;
  stop(): Promise<void>;
}

/**
 * Builds the monitoring of every `ssh.targets` entry: pinned host keys, one pooled connection
 * per target (through its jump host), a shared limit of `ssh.concurrency` targets probed at once,
 * and per target a `HostMonitor` whose rules are the configured ones, `rules/ssh-defaults/ssh.yaml`
 * and the compiled `ssh.checks`. `vigil run` calls it only when the config has an `ssh` section.
 */
export async function createSshMonitors(setup: SshMonitorsSetup): Promise<SshMonitors> {
  const { config } = setup;
  const policy = new HostKeyPolicy({ knownHostsPath: config.knownHosts, tofu: config.tofu });
  await policy.load();
  const pool = new SshConnectionPool(policy, {
    connectTimeoutMs: config.connectTimeoutMs,
    keepaliveIntervalMs: config.keepaliveMs,
    maxSessionsPerHost: config.maxSessions,
  });
  const runner = new SshCommandRunner(pool);
  // Kept out of rules/defaults so `builtin:host` users do not load them for the local probe.
  const builtin = await loadRuleFiles([join(builtinRulesDir(), '..', 'ssh-defaults', 'ssh.yaml')]);
  const rules = [
    ...setup.rules,
    ...builtin.thresholds,
    ...sshCheckRules(config.checks, setup.configFile ?? 'ssh.checks'),
  ];
  const limit = new Semaphore(config.concurrency);
  const monitors: HostMonitor[] = [];
  for (const entry of config.targets) {
    const target = sshTargetOf(entry, config);
    const wanted = new Set(entry.checks ?? config.checks.map((c) => c.name));
    const checks: SshCustomCheck[] = config.checks
      .filter((c) => wanted.has(c.name))
      .map((c) => ({ name: c.name, command: c.command, timeoutMs: c.timeoutMs }));
    const probe = new SshHealthProbe({
      runner,
      target,
      ...(entry.name ? { name: entry.name } : {}),
      checks,
      commandTimeoutMs: config.commandTimeoutMs,
      clock: setup.clock,
    });
    const intervalMs = entry.intervalMs ?? config.intervalMs;
    const evaluator = new ThresholdEvaluator(rules, { intervalMs, source: 'ssh' });
    monitors.push(
      new HostMonitor(
        {
          probe: limited(probe, limit),
          evaluator,
          sinks: setup.sinks({ address: `${entry.host}:${entry.port}`, resource: () => probe.resource }),
          clock: setup.clock,
        },
        {
          intervalMs,
          slowIntervalMs: Number.MAX_SAFE_INTEGER,
          inventoryIntervalMs: config.inventoryIntervalMs,
        },
      ),
    );
  }
  return {
    monitors,
    start: () => {
      for (const monitor of monitors) monitor.start();
    },
    stop: async () => {
      await Promise.all(monitors.map((m) => m.stop()));
      await policy.flush();
      await pool.close();
    },
  };
}

/** The probe with its SSH work under the shared concurrency limit. */
function limited(probe: SshHealthProbe, limit: Semaphore): HostProbeLike {
  return {
    fast: () => limit.with(() => probe.fast()),
    slow: () => probe.slow(),
    inventory: () => limit.with(() => probe.inventory()),
    refreshInventory: () => limit.with(() => probe.refreshInventory()),
  };
}
