import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  HostKeyPolicy,
  SshCommandRunner,
  SshConnectionPool,
  type SshTarget,
} from '../../collector/ssh/index.js';
import type { VigilError } from '../../correlator/errors/vigil-error.js';
import { type FakeServerOptions, type FakeSshServer, newHostKey, startFakeServer } from './fake-server.js';

// ssh2's own server on 127.5.0.12: refusing session or exec channels is a server setting
// (MaxSessions reached by other clients, a locked-down sshd) a test cannot provoke on demand.
const HOST = '127.5.0.12';
const dir = mkdtempSync(join(tmpdir(), 'vigil-ssh-refused-'));
const servers: FakeSshServer[] = [];
const pools: SshConnectionPool[] = [];

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(options: FakeServerOptions) {
  const key = newHostKey();
  const server = await startFakeServer(
    HOST,
    key,
    (_command, channel) => {
      channel.write('ok');
      channel.exit(0);
      channel.end();
    },
    0,
    options,
  );
  servers.push(server);
  const knownHosts = join(dir, `known_hosts.${server.port}`);
  writeFileSync(knownHosts, server.knownHostsLine);
  // 1 ms retry steps: the backoff's length is not what these tests check.
  const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: knownHosts }), {
    channelRetryMs: 1,
  });
  pools.push(pool);
  const target: SshTarget = { host: HOST, port: server.port, user: 'ops', auth: { password: 'secret' } };
  return { server, pool, target, runner: new SshCommandRunner(pool) };
}

describe('a server that refuses channels', () => {
  it('retries a refused session channel (MaxSessions reached elsewhere) on the same connection', async () => {
    let refusals = 3;
    const { pool, runner, target } = await setup({
      session: () => (refusals-- > 0 ? 'reject' : 'accept'),
    });
    const connection = await pool.get(target);
    expect((await runner.run(target, ['true'])).stdout).toBe('ok');
    expect(refusals).toBe(-1);
    expect(await pool.get(target)).toBe(connection);
  });

  it('gives up with a clear VIGIL_ERR_SSH_COMMAND_FAILED, frees the slot, and works once the server accepts again', async () => {
    let accept = false;
    const { pool, runner, target } = await setup({ session: () => (accept ? 'accept' : 'reject') });
    const error = (await runner.run(target, ['true']).catch((e: unknown) => e)) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_COMMAND_FAILED');
    expect(error.message).toContain(HOST);
    expect(error.message).toMatch(/refused a session channel 6 times/);
    expect(error.message).toMatch(/ssh\.maxSessions/);
    const connection = await pool.get(target);
    expect(connection.open).toBe(true);
    expect(connection.sessionsInUse).toBe(0);
    accept = true;
    expect((await runner.run(target, ['true'])).stdout).toBe('ok');
    expect(await pool.get(target)).toBe(connection);
  });

  it('does not retry a refused exec request and keeps the connection usable', async () => {
    let refuseExec = true;
    const { server, pool, runner, target } = await setup({ exec: () => (refuseExec ? 'reject' : 'accept') });
    const error = (await runner.run(target, ['true']).catch((e: unknown) => e)) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_COMMAND_FAILED');
    expect(error.message).toContain(HOST);
    expect(error.message).toMatch(/refused the exec request; check sshd_config/);
    expect(server.commands).toHaveLength(1);
    expect((await pool.get(target)).sessionsInUse).toBe(0);
    refuseExec = false;
    expect((await runner.run(target, ['true'])).stdout).toBe('ok');
  });

  it('holds at most maxSessionsPerHost channels open, queueing the rest', async () => {
    let open = 0;
    let peak = 0;
    const key = newHostKey();
    const server = await startFakeServer(HOST, key, (_command, channel) => {
      open++;
      peak = Math.max(peak, open);
      setTimeout(() => {
        open--;
        channel.exit(0);
        channel.end();
      }, 20);
    });
    servers.push(server);
    const knownHosts = join(dir, `known_hosts.${server.port}`);
    writeFileSync(knownHosts, server.knownHostsLine);
    const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: knownHosts }), {
      maxSessionsPerHost: 3,
    });
    pools.push(pool);
    const runner = new SshCommandRunner(pool);
    const target: SshTarget = { host: HOST, port: server.port, user: 'ops', auth: { password: 'secret' } };
    const results = await Promise.all(Array.from({ length: 10 }, () => runner.run(target, ['true'])));
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    expect(peak).toBeLessThanOrEqual(3);
    expect(server.commands).toHaveLength(10);
  });
});
