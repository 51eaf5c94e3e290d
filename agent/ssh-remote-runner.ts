import type { RunOptions, RunResult, SshCommandRunner } from '../collector/ssh/command-runner.js';
import type { SshTarget } from '../collector/ssh/ssh-target.js';
import type { SshConfig } from '../config/types.js';
import type { RemoteRunner, RemoteTarget } from '../correlator/automation/remote-runner.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { sshTargetOf } from './ssh-targets.js';

/** Runs argv on an SSH target; the part of `SshCommandRunner` remediation needs. */
export interface ArgvRunner {
  run(target: SshTarget, argv: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/**
 * Remediation's `RemoteRunner` over the SSH client: a runbook may run only on a host listed in
 * `ssh.targets` (by host or name, and port when the rule gives one), with that target's
 * credential, jump host and pinned host key, so automation never has more access than monitoring.
 * A rule's `user` replaces the credential's user; the login material stays the configured one.
 */
export function sshRemoteRunner(config: SshConfig, runner: ArgvRunner | SshCommandRunner): RemoteRunner {
  return {
    async run(target: RemoteTarget, argv, options) {
      const entry = config.targets.find(
        (t) =>
          (t.host === target.host || t.name === target.host) &&
          (target.port === undefined || t.port === target.port),
      );
      if (!entry) {
        throw new VigilError('VIGIL_ERR_SSH_COMMAND_FAILED', {
          host: target.host,
          reason:
            'the host is not in ssh.targets, so vigil has no credential or pinned key for it; add it there',
        });
      }
      const ssh = sshTargetOf(entry, config);
      const result = await runner.run(target.user ? { ...ssh, user: target.user } : ssh, argv, options);
      return {
        exitCode: result.exitCode,
        stdout: result.stdout,
        stderr: result.stderr,
        truncated: result.truncated,
        durationMs: result.durationMs,
        timedOut: result.timedOut,
      };
    },
  };
}
