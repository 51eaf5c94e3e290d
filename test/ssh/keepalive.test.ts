import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  HostKeyPolicy,
  SshCommandRunner,
  SshConnectionPool,
  type SshTarget,
} from '../../collector/ssh/index.js';
import type { VigilError } from '../../correlator/errors/vigil-error.js';
import { type FakeSshServer, newHostKey, startFakeServer } from './fake-server.js';
import { type FreezeProxy, startFreezeProxy } from './freeze-proxy.js';

// ssh2's own server on 127.5.0.10 behind a relay that can go silent (a hung server or a link
// dropping every packet: TCP stays up, nothing answers).
const HOST = '127.5.0.10';
const INTERVAL_MS = 1_000;
const COUNT_MAX = 2;
const dir = mkdtempSync(join(tmpdir(), 'vigil-ssh-keepalive-'));
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(hang = false) {
  const key = newHostKey();
  // What the relay had sent the client when the server accepted the last exec: the acceptance
  // follows it, so more than this means the client was told its command started.
  const accepted = { bytesToClient: Number.POSITIVE_INFINITY };
  const server: FakeSshServer = await startFakeServer(HOST, key, (_command, channel) => {
    accepted.bytesToClient = proxy.bytesToClient;
    if (hang) return;
    channel.write('ok');
    channel.exit(0);
    channel.end();
  });
  cleanups.push(() => server.close());
  const proxy: FreezeProxy = await startFreezeProxy(HOST, server.port);
  cleanups.push(() => proxy.close());
  const knownHosts = join(dir, `known_hosts.${proxy.port}`);
  writeFileSync(knownHosts, `[${HOST}]:${proxy.port} ${key.public.split(' ').slice(0, 2).join(' ')}\n`);
  const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: knownHosts }), {
    keepaliveIntervalMs: INTERVAL_MS,
    keepaliveCountMax: COUNT_MAX,
    connectTimeoutMs: 2_000,
  });
  cleanups.push(() => pool.close());
  const target: SshTarget = { host: HOST, port: proxy.port, user: 'ops', auth: { password: 'secret' } };
  return { server, proxy, pool, target, accepted, runner: new SshCommandRunner(pool) };
}

/** Lets socket I/O (real) run between fake keepalive ticks: a few real milliseconds. */
const io = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Waits (real time, I/O only) until `check` holds; vi.waitFor would advance the fake timers. */
async function until(check: () => boolean | Promise<boolean>, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await io();
  }
}

describe('SSH keepalive (ssh2 keepaliveInterval / keepaliveCountMax)', () => {
  it('declares a silent server dead after countMax unanswered probes, not before, and the pool reconnects', async () => {
    // Only ssh2's keepalive timer (setInterval) is faked; sockets and timeouts stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { proxy, pool, target, runner } = await setup();
    expect((await runner.run(target, ['true'])).stdout).toBe('ok');
    const connection = await pool.get(target);
    let closedAfter: number | undefined;
    let ticks = 0;
    connection.client.once('close', () => {
      closedAfter = ticks;
    });
    // While the server answers, probes are answered and the connection lives on.
    for (let i = 0; i < COUNT_MAX + 3; i++) {
      vi.advanceTimersByTime(INTERVAL_MS);
      for (let j = 0; j < 10; j++) await io();
    }
    expect(connection.open).toBe(true);
    proxy.freeze();
    for (ticks = 1; ticks <= COUNT_MAX + 1 && closedAfter === undefined; ticks++) {
      vi.advanceTimersByTime(INTERVAL_MS);
      for (let j = 0; j < 10; j++) await io();
      if (ticks <= COUNT_MAX) expect(connection.open).toBe(true);
    }
    await until(() => closedAfter !== undefined);
    // Probes 1..countMax go unanswered; the next tick finds countMax exceeded: dead.
    expect(closedAfter).toBe(COUNT_MAX + 1);
    expect(connection.open).toBe(false);
    proxy.thaw();
    expect((await runner.run(target, ['true'])).stdout).toBe('ok');
    expect(await pool.get(target)).not.toBe(connection);
  });

  it('fails a command in flight on a dead link with VIGIL_ERR_SSH_COMMAND_FAILED instead of waiting for its timeout', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { server, proxy, runner, target, accepted } = await setup(true);
    const running = runner.run(target, ['sleep', '3600'], { timeoutMs: 3_600_000 }).catch((e: unknown) => e);
    await until(() => server.commands.length === 1);
    // Freeze only once the acceptance is on its way to the client: frozen earlier, the command
    // never started (a different failure, tested below).
    await until(() => proxy.bytesToClient > accepted.bytesToClient);
    proxy.freeze();
    for (let i = 0; i <= COUNT_MAX; i++) {
      vi.advanceTimersByTime(INTERVAL_MS);
      for (let j = 0; j < 10; j++) await io();
    }
    const error = (await running) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_COMMAND_FAILED');
    expect(error.message).toMatch(/closed before the command exited/);
  });

  it('names a dropped connection when the link dies while the channel is being opened', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { proxy, pool, runner, target } = await setup();
    await runner.run(target, ['true']);
    proxy.freeze();
    const running = runner.run(target, ['true']).catch((e: unknown) => e);
    await until(async () => (await pool.get(target)).sessionsInUse === 1);
    for (let i = 0; i <= COUNT_MAX; i++) {
      vi.advanceTimersByTime(INTERVAL_MS);
      for (let j = 0; j < 10; j++) await io();
    }
    const error = (await running) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_COMMAND_FAILED');
    expect(error.message).toMatch(/connection dropped before the command started/);
  });
});
