import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  HostKeyPolicy,
  SshCommandRunner,
  SshConnectionPool,
  type SshTarget,
} from '../../collector/ssh/index.js';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { type ExecBehaviour, type FakeSshServer, newHostKey, startFakeServer } from './fake-server.js';

// ssh2's own Server on 127.50.0.4 for faults a real sshd will not produce on demand.
const HOST = '127.50.0.4';
const dir = mkdtempSync(join(tmpdir(), 'vigil-ssh-faults-'));
const key = newHostKey();
const servers: FakeSshServer[] = [];
const pools: SshConnectionPool[] = [];

async function setup(behaviour: ExecBehaviour, options: { tofu?: boolean } = {}) {
  const server = await startFakeServer(HOST, key, behaviour);
  servers.push(server);
  const knownHosts = join(dir, `known_hosts.${server.port}`);
  writeFileSync(knownHosts, server.knownHostsLine);
  const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: knownHosts, tofu: options.tofu }));
  pools.push(pool);
  const runner = new SshCommandRunner(pool, { backstopGraceMs: 200, closeGraceMs: 300 });
  const target: SshTarget = { host: HOST, port: server.port, user: 'ops', auth: { password: 'secret' } };
  return { server, runner, target, knownHosts, pool };
}

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SshCommandRunner against faulty servers (ssh2 Server)', () => {
  it('gives up on a server that accepts TCP but never speaks SSH, after the connect timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, HOST, () => resolve()));
    const port = (silent.address() as { port: number }).port;
    try {
      const knownHosts = join(dir, 'known_hosts.silent');
      writeFileSync(knownHosts, '');
      const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: knownHosts }), {
        connectTimeoutMs: 500,
      });
      pools.push(pool);
      const error = (await new SshCommandRunner(pool)
        .run({ host: HOST, port, user: 'ops', auth: { password: 'secret' } }, ['true'])
        .catch((e: unknown) => e)) as VigilError;
      expect(error.code).toBe('VIGIL_ERR_SSH_CONNECT_FAILED');
      expect(error.message).toMatch(/handshake/i);
    } finally {
      silent.close();
    }
  });

  it('sends every argv element single-quoted under a remote timeout', async () => {
    const { server, runner, target } = await setup((_c, channel) => {
      channel.exit(0);
      channel.end();
    });
    await runner.run(target, ['echo', "it's $(id)"], { timeoutMs: 5000 });
    expect(server.commands[0]).toContain(`vigil 5 echo 'it'\\''s $(id)'`);
    expect(server.commands[0]).toMatch(/^exec sh -c '/);
  });

  it('stops a command that hangs and ignores signals: local backstop, then the connection is dropped', async () => {
    const { runner, target } = await setup(() => undefined);
    const result = await runner.run(target, ['hang'], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    // The stuck connection was dropped; the next command gets a new one.
    const again = await runner.run(target, ['hang'], { timeoutMs: 200 });
    expect(again.timedOut).toBe(true);
  });

  it('cuts endless output at maxOutputBytes and stops the command', async () => {
    const { runner, target } = await setup((_c, channel) => {
      const chunk = Buffer.alloc(32 * 1024, 'y');
      const pump = () => {
        if (channel.destroyed || !channel.writable) return;
        channel.write(chunk);
        setImmediate(pump);
      };
      channel.on('close', () => undefined);
      pump();
    });
    const result = await runner.run(target, ['yes'], { timeoutMs: 10_000, maxOutputBytes: 200_000 });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout, 'utf8')).toBeGreaterThan(0);
    expect(result.stdout.length).toBeLessThanOrEqual(200_000);
    expect(result.timedOut).toBe(false);
  });

  it('returns binary output and stderr without failing', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0xc3, 0x28, 10]);
    const { runner, target } = await setup((_c, channel) => {
      channel.write(bytes);
      channel.stderr.write(Buffer.from([0xff, 0]));
      channel.exit(3);
      channel.end();
    });
    const result = await runner.run(target, ['cat', '/bin/sh']);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe(bytes.toString('utf8'));
    expect(result.stderr).toBe(Buffer.from([0xff, 0]).toString('utf8'));
  });

  it('rejects with VIGIL_ERR_SSH_COMMAND_FAILED when the server disconnects mid-command, then reconnects', async () => {
    let calls = 0;
    const { runner, target } = await setup((_c, channel, client) => {
      calls++;
      if (calls === 1) {
        channel.write('partial');
        setTimeout(() => client.end(), 50);
      } else {
        channel.write('ok');
        channel.exit(0);
        channel.end();
      }
    });
    const error = await runner.run(target, ['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('VIGIL_ERR_SSH_COMMAND_FAILED');
    expect((await runner.run(target, ['x'])).stdout).toBe('ok');
  });

  it('refuses a server whose host key changed, even with TOFU on', async () => {
    const first = await setup(
      (_c, channel) => {
        channel.exit(0);
        channel.end();
      },
      { tofu: true },
    );
    expect((await first.runner.run(first.target, ['true'])).exitCode).toBe(0);
    await first.pool.close();
    const port = first.server.port;
    await first.server.close();
    servers.length = 0;
    const changed = await startFakeServer(HOST, newHostKey(), (_c, channel) => channel.end(), port);
    servers.push(changed);
    const error = (await first.runner.run(first.target, ['true']).catch((e: unknown) => e)) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_HOST_KEY_MISMATCH');
    expect(error.message).toContain(`${HOST}:${port}`);
    expect(error.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
  });
});
