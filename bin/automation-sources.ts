import { sshRemoteRunner } from '../agent/ssh-remote-runner.js';
import { SshCommandRunner } from '../collector/ssh/command-runner.js';
import { SshConnectionPool } from '../collector/ssh/connection-pool.js';
import { HostKeyPolicy } from '../collector/ssh/host-key-policy.js';
import type { AutomationConfig, SshConfig } from '../config/types.js';
import { catalogFromConfig } from '../correlator/automation/catalog-from-config.js';
import { loadAutomationRules } from '../correlator/automation/load-rules.js';
import type { AutomationSetup } from '../correlator/automation/setup.js';

/**
 * Loads the `automation` section as the correlator takes it: the allow-list from the config and
 * the rule files it names, checked against that allow-list (VIGIL_ERR_RULE_INVALID with file, line
 * and rule on any problem). Runbooks run over SSH on the hosts of the `ssh` section, with their
 * credentials and pinned host keys; without that section a runbook action is recorded as failed.
 */
export async function loadConfiguredAutomation(
  config: AutomationConfig,
  ssh?: SshConfig,
): Promise<AutomationSetup> {
  const catalog = catalogFromConfig(config);
  const rules = await loadAutomationRules(config.rules, catalog);
  let remote: AutomationSetup['remote'] = null;
  if (ssh && rules.length > 0) {
    const policy = new HostKeyPolicy({ knownHostsPath: ssh.knownHosts, tofu: ssh.tofu });
    await policy.load();
    const pool = new SshConnectionPool(policy, {
      connectTimeoutMs: ssh.connectTimeoutMs,
      keepaliveIntervalMs: ssh.keepaliveMs,
      maxSessionsPerHost: ssh.maxSessions,
    });
    remote = sshRemoteRunner(ssh, new SshCommandRunner(pool));
  }
  return {
    catalog,
    rules,
    remote,
    maxConcurrent: config.maxConcurrent,
    maxOutputBytes: config.outputBytes,
    dryRun: config.dryRun,
  };
}
