import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HostKeyPolicy,
  SshCommandRunner,
  SshConnectionPool,
  type SshTarget,
} from '../../collector/ssh/index.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { startChild, type TestChild, waitFor } from '../support/child-binary.js';
import { createTestUser, startSshd, type TestSshd, type TestUser } from '../support/sshd.js';

// Real OpenSSH sshd on 127.50.0.2 (target) and 127.50.0.3 (jump host), started and stopped here.
const TARGET = '127.50.0.2';
const JUMP = '127.50.0.3';

let sshd: TestSshd;
let jump: TestSshd;
let user: TestUser;
const pools: SshConnectionPool[] = [];

function poolFor(knownHostsPath: string, tofu = false, maxSessionsPerHost = 8) {
  const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath, tofu }), {
    connectTimeoutMs: 10_000,
    maxSessionsPerHost,
  });
  pools.push(pool);
  return pool;
}

function rootTarget(overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    host: TARGET,
    port: sshd.port,
    user: 'root',
    auth: { privateKey: readFileSync(sshd.ed25519KeyPath) },
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<VigilError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VigilError);
  return error as VigilError;
}

function remoteSleepers(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `^sleep ${marker.replace('.', '\\.')}`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

beforeAll(async () => {
  sshd = await startSshd({ addresses: [TARGET], maxSessions: 3 });
  jump = await startSshd({ addresses: [JUMP], keysFrom: sshd.dir });
  user = createTestUser();
});

afterAll(async () => {
  for (const pool of pools) await pool.close();
  user?.remove();
  await jump?.stop();
  await sshd?.stop();
});

describe('SshCommandRunner against a real OpenSSH sshd', () => {
  it('runs argv as root with an ed25519 key and passes hostile values as plain data', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
    const canary = join(sshd.dir, 'injected');
    const hostile = [
      `$(touch ${canary})`,
      `; touch ${canary}`,
      `' ; touch ${canary}; '`,
      '`id`',
      'a\nb',
      '*',
    ];
    const result = await runner.run(rootTarget(), ['printf', '%s|', ...hostile]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${hostile.join('|')}|`);
    expect(existsSync(canary)).toBe(false);
    expect(result.timedOut).toBe(false);
  });

  it('reuses one connection per host for many commands', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
    const before = (sshd.log().match(/Accepted publickey for root/g) ?? []).length;
    for (let i = 0; i < 3; i++) expect((await runner.run(rootTarget(), ['true'])).exitCode).toBe(0);
    const after = (sshd.log().match(/Accepted publickey for root/g) ?? []).length;
    expect(after - before).toBe(1);
  });

  it('keeps parallel commands under the server MaxSessions (3) and all of them succeed', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath, false, 3));
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        runner.run(rootTarget(), ['sh', '-c', 'sleep 0.2; echo "$1"', 'x', String(i)]),
      ),
    );
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 9 }, (_, i) => String(i)));
  });

  it('logs in with an RSA key', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
    const result = await runner.run(rootTarget({ auth: { privateKey: readFileSync(sshd.rsaKeyPath) } }), [
      'id',
      '-u',
    ]);
    expect(result.stdout.trim()).toBe('0');
  });

  it('logs in a non-root user with a password', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
    const result = await runner.run(rootTarget({ user: user.name, auth: { password: user.password } }), [
      'id',
      '-un',
    ]);
    expect(result.stdout.trim()).toBe(user.name);
  });

  it('logs in through ssh-agent', async () => {
    const socket = join(sshd.dir, 'agent.sock');
    const agent: TestChild = startChild('ssh-agent', ['-D', '-a', socket], sshd.dir);
    try {
      await waitFor(
        'ssh-agent socket',
        async () => (existsSync(socket) ? true : undefined),
        5000,
        agent.output,
        50,
      );
      execFileSync('ssh-add', [sshd.ed25519KeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      });
      const pool = poolFor(sshd.knownHostsPath);
      const result = await new SshCommandRunner(pool).run(rootTarget({ auth: { agent: socket } }), [
        'echo',
        'agent',
      ]);
      expect(result.stdout).toBe('agent\n');
      await pool.close();
    } finally {
      await agent.stop();
    }
  });

  it('refuses a wrong password as VIGIL_ERR_SSH_AUTH_FAILED', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
    const error = await rejection(
      runner.run(rootTarget({ user: user.name, auth: { password: 'wrong' } }), ['true']),
    );
    expect(error.code).toBe('VIGIL_ERR_SSH_AUTH_FAILED');
    expect(error.message).toContain(`${user.name}@${TARGET}`);
    expect(error.message).not.toContain('wrong');
  });

  it('refuses an unknown host key, naming host and the fingerprint ssh-keygen prints', async () => {
    const empty = join(sshd.dir, 'known_hosts.empty');
    writeFileSync(empty, '');
    const error = await rejection(new SshCommandRunner(poolFor(empty)).run(rootTarget(), ['true']));
    const fingerprint = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')])
      .toString()
      .split(' ')[1]!;
    expect(error.code).toBe('VIGIL_ERR_SSH_HOST_KEY_UNKNOWN');
    expect(error.message).toContain(`${TARGET}:${sshd.port}`);
    expect(error.message).toContain(fingerprint);
  });

  it('refuses a host whose pinned key differs', async () => {
    const other = join(sshd.dir, 'known_hosts.other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshd.dir, 'other_key')]);
    const otherKey = readFileSync(join(sshd.dir, 'other_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(other, `[${TARGET}]:${sshd.port} ${otherKey}\n`);
    const error = await rejection(new SshCommandRunner(poolFor(other, true)).run(rootTarget(), ['true']));
    expect(error.code).toBe('VIGIL_ERR_SSH_HOST_KEY_MISMATCH');
    expect(readFileSync(other, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('accepts hashed known_hosts entries (ssh-keygen -H)', async () => {
    const hashed = join(sshd.dir, 'known_hosts.hashed');
    writeFileSync(hashed, readFileSync(sshd.knownHostsPath));
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    expect(readFileSync(hashed, 'utf8')).toMatch(/^\|1\|/);
    const result = await new SshCommandRunner(poolFor(hashed)).run(rootTarget(), ['true']);
    expect(result.exitCode).toBe(0);
  });

  it('trusts on first use only when configured, and pins the key it recorded', async () => {
    const tofuFile = join(sshd.dir, 'known_hosts.tofu');
    const pool = poolFor(tofuFile, true);
    const connection = await pool.get(rootTarget());
    expect(connection.hostKey.trust).toBe('tofu');
    await pool.policy.flush();
    await pool.close();
    expect(readFileSync(tofuFile, 'utf8')).toContain(sshd.hostKeyPublic);
    const pinned = await poolFor(tofuFile, false).get(rootTarget());
    expect(pinned.hostKey).toEqual({ ...connection.hostKey, trust: 'known_hosts' });
  });

  it('reaches a target through a jump host', async () => {
    const both = join(sshd.dir, 'known_hosts.both');
    writeFileSync(
      both,
      readFileSync(sshd.knownHostsPath, 'utf8') + readFileSync(jump.knownHostsPath, 'utf8'),
    );
    const key = readFileSync(sshd.ed25519KeyPath);
    const via: SshTarget = { host: JUMP, port: jump.port, user: 'root', auth: { privateKey: key } };
    const result = await new SshCommandRunner(poolFor(both)).run(rootTarget({ jump: via }), [
      'echo',
      'through',
    ]);
    expect(result.stdout).toBe('through\n');
    expect(jump.log()).toMatch(/Accepted publickey for root/);
  });

  it('reports a closed port as VIGIL_ERR_SSH_CONNECT_FAILED', async () => {
    const error = await rejection(
      new SshCommandRunner(poolFor(sshd.knownHostsPath)).run(rootTarget({ port: 1 }), ['true']),
    );
    expect(error.code).toBe('VIGIL_ERR_SSH_CONNECT_FAILED');
  });

  for (const who of ['root', 'non-root'] as const) {
    it(`stops the remote command on timeout for a ${who} login`, async () => {
      const marker = who === 'root' ? '41.17' : '42.17';
      const target =
        who === 'root' ? rootTarget() : rootTarget({ user: user.name, auth: { password: user.password } });
      const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
      const result = await runner.run(target, ['sleep', marker], { timeoutMs: 1000 });
      expect(result.timedOut).toBe(true);
      expect(result.exitCode).not.toBe(0);
      await waitFor(
        'the remote sleep to be gone',
        async () => (remoteSleepers(marker).length === 0 ? true : undefined),
        5000,
      );
      // The connection is still usable after a timeout.
      expect((await runner.run(target, ['echo', 'after'])).stdout).toBe('after\n');
    });
  }

  it('bounds output and stops a command that writes too much', async () => {
    const runner = new SshCommandRunner(poolFor(sshd.knownHostsPath));
    const result = await runner.run(rootTarget(), ['cat', '/dev/zero'], {
      maxOutputBytes: 100_000,
      timeoutMs: 20_000,
    });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(100_000);
    expect(result.timedOut).toBe(false);
  });
});
