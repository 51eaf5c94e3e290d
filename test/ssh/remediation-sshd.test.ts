import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sshRemoteRunner } from '../../agent/ssh-remote-runner.js';
import { SshCommandRunner } from '../../collector/ssh/command-runner.js';
import { SshConnectionPool } from '../../collector/ssh/connection-pool.js';
import { HostKeyPolicy } from '../../collector/ssh/host-key-policy.js';
import type { SshConfig } from '../../config/types.js';
import { automationCorrelator } from '../support/automation-fixture.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

/**
 * Remediation runbooks over the real SSH client against a real OpenSSH sshd on 127.50.0.12: the
 * closed loop runs the runbook on the host of `ssh.targets`, credits the recovery, and refuses a
 * host that is not configured without connecting anywhere.
 */
const HOST = '127.50.0.12';
let sshd: TestSshd;
let dir: string;
let pool: SshConnectionPool | undefined;
type Harness = Awaited<ReturnType<typeof automationCorrelator>>;
let h: Harness | undefined;

beforeAll(async () => {
  sshd = await startSshd({ addresses: [HOST] });
  dir = mkdtempSync(join(tmpdir(), 'vigil-remediation-'));
});

afterEach(async () => {
  await h?.close();
  h = undefined;
  await pool?.close();
  pool = undefined;
});

afterAll(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function realRemote() {
  const config = {
    knownHosts: sshd.knownHostsPath,
    tofu: false,
    concurrency: 2,
    maxSessions: 4,
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 10_000,
    keepaliveMs: 15_000,
    intervalMs: 60_000,
    inventoryIntervalMs: 3_600_000,
    downAfterFailures: 3,
    credentials: [{ name: 'ops', user: 'root', privateKey: readFileSync(sshd.ed25519KeyPath, 'utf8') }],
    jumpHosts: [],
    checks: [],
    targets: [{ host: HOST, port: sshd.port, credential: 'ops', name: 'db1' }],
  } as unknown as SshConfig;
  const policy = new HostKeyPolicy({ knownHostsPath: config.knownHosts, tofu: false });
  await policy.load();
  pool = new SshConnectionPool(policy, { connectTimeoutMs: 10_000, maxSessionsPerHost: 4 });
  return sshRemoteRunner(config, new SshCommandRunner(pool));
}

const MARK = {
  name: 'mark',
  argv: ['touch', '--', '{{ file }}'],
  parameters: [{ name: 'file', pattern: '/tmp/[A-Za-z0-9._/-]{1,200}' }],
  timeoutMs: 10_000,
};

describe('remediation runbooks over a real sshd', () => {
  it('runs the runbook on the configured host, then credits the recovery', async () => {
    const file = join(dir, 'fixed');
    h = await automationCorrelator({
      remote: await realRemote(),
      runbooks: [MARK],
      rules: `automation:\n  - { name: r, match: ['check="service.down"'], action: { runbook: mark, host: db1, params: { file: "{{ labels.file }}" } } }\n`,
    });
    await h.fire({ check: 'service.down', labels: { file } });
    expect(existsSync(file)).toBe(true);
    expect(await h.change()).toMatchObject({
      state: 'verifying',
      rendered: { kind: 'ssh', argv: ['touch', '--', file] },
      result: { ok: true, exitCode: 0, timedOut: false },
    });
    await h.recover({ check: 'service.down', labels: { file } });
    expect(await h.change()).toMatchObject({ state: 'succeeded' });
  }, 60_000);

  it('refuses a host that is not in ssh.targets: the change fails with the reason, nothing runs', async () => {
    h = await automationCorrelator({
      remote: await realRemote(),
      runbooks: [MARK],
      rules: `automation:\n  - { name: r, match: ['check="service.down"'], action: { runbook: mark, host: other-host, params: { file: /tmp/never } } }\n`,
    });
    await h.fire({ check: 'service.down' });
    const change = (await h.change())!;
    expect(change.state).toBe('failed');
    expect(change.result?.error ?? change.detail).toContain('not in ssh.targets');
    expect(existsSync('/tmp/never')).toBe(false);
  }, 60_000);
});
