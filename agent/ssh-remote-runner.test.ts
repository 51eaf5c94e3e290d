import { describe, expect, it } from 'vitest';
import type { RunResult } from '../collector/ssh/command-runner.js';
import type { SshTarget } from '../collector/ssh/ssh-target.js';
import type { SshConfig } from '../config/types.js';
import { sshRemoteRunner } from './ssh-remote-runner.js';

const config: SshConfig = {
  knownHosts: '/etc/vigil/known_hosts',
  tofu: false,
  concurrency: 4,
  maxSessions: 4,
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 10_000,
  keepaliveMs: 15_000,
  intervalMs: 60_000,
  inventoryIntervalMs: 3_600_000,
  credentials: [
    { name: 'ops', user: 'vigil', privateKey: 'KEY' },
    { name: 'bastion', user: 'jump', password: 'pw' },
  ],
  jumpHosts: [{ name: 'dmz', host: 'bastion.example', port: 2222, credential: 'bastion' }],
  checks: [],
  targets: [
    { host: 'db1.example', port: 22, credential: 'ops', name: 'db1', jump: 'dmz' },
    { host: '10.0.0.5', port: 2200, credential: 'ops' },
  ],
} as unknown as SshConfig;

/** Records what the SSH client was asked to run. */
function recordingRunner() {
  const calls: Array<{ target: SshTarget; argv: readonly string[] }> = [];
  const result: RunResult = {
    exitCode: 0,
    signal: null,
    stdout: 'ok',
    stderr: '',
    truncated: false,
    durationMs: 12,
    timedOut: false,
  };
  return {
    calls,
    runner: {
      async run(target: SshTarget, argv: readonly string[]) {
        calls.push({ target, argv });
        return result;
      },
    },
  };
}

describe('sshRemoteRunner', () => {
  const bounds = { timeoutMs: 5_000, maxOutputBytes: 1024 };

  it('runs on a configured target with its credential and jump host, by host or name', async () => {
    const { calls, runner } = recordingRunner();
    const remote = sshRemoteRunner(config, runner);
    const result = await remote.run({ host: 'db1' }, ['systemctl', 'restart', 'nginx'], bounds);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ok', timedOut: false });
    expect(calls[0]!.argv).toEqual(['systemctl', 'restart', 'nginx']);
    expect(calls[0]!.target).toMatchObject({
      host: 'db1.example',
      port: 22,
      user: 'vigil',
      auth: { privateKey: Buffer.from('KEY') },
      jump: { host: 'bastion.example', port: 2222, user: 'jump', auth: { password: 'pw' } },
    });
    await remote.run({ host: '10.0.0.5', port: 2200, user: 'root' }, ['true'], bounds);
    expect(calls[1]!.target).toMatchObject({ host: '10.0.0.5', port: 2200, user: 'root' });
  });

  it('refuses a host that is not in ssh.targets, or a port that does not match, without connecting', async () => {
    const { calls, runner } = recordingRunner();
    const remote = sshRemoteRunner(config, runner);
    await expect(remote.run({ host: 'evil.example' }, ['true'], bounds)).rejects.toMatchObject({
      code: 'VIGIL_ERR_SSH_COMMAND_FAILED',
      message: expect.stringContaining('not in ssh.targets'),
    });
    await expect(remote.run({ host: '10.0.0.5', port: 22 }, ['true'], bounds)).rejects.toMatchObject({
      code: 'VIGIL_ERR_SSH_COMMAND_FAILED',
    });
    expect(calls).toEqual([]);
  });
});
