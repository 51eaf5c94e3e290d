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
import { type FakeSshServer, newHostKey, startFakeServer } from './fake-server.js';

// ssh2's own server on 127.5.0.14 ends commands the way a remote `timeout` does: coreutils
// with status 124, BusyBox (which execs the command and signals it) with exit-signal TERM.
// The BusyBox case also runs against a real sshd in busybox-sshd.test.ts when busybox exists.
const HOST = '127.5.0.14';
const dir = mkdtempSync(join(tmpdir(), 'vigil-ssh-remote-timeout-'));
const servers: FakeSshServer[] = [];
const pools: SshConnectionPool[] = [];

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runEndingWith(end: { code: number } | { signal: string }, afterMs: number, timeoutMs: number) {
  const server = await startFakeServer(HOST, newHostKey(), (_command, channel) => {
    setTimeout(() => {
      if ('code' in end) channel.exit(end.code);
      else channel.exit(end.signal, false, '');
      channel.end();
    }, afterMs);
  });
  servers.push(server);
  const knownHosts = join(dir, `known_hosts.${server.port}`);
  writeFileSync(knownHosts, server.knownHostsLine);
  const pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: knownHosts }));
  pools.push(pool);
  const target: SshTarget = { host: HOST, port: server.port, user: 'ops', auth: { password: 'secret' } };
  return new SshCommandRunner(pool).run(target, ['sleep', '30'], { timeoutMs });
}

describe('a command stopped by the remote timeout', () => {
  it('counts coreutils status 124 and BusyBox exit-signal TERM or KILL at the limit as timed out', async () => {
    expect(await runEndingWith({ code: 124 }, 1_000, 1_000)).toMatchObject({ exitCode: 124, timedOut: true });
    expect(await runEndingWith({ signal: 'TERM' }, 1_000, 1_000)).toMatchObject({
      exitCode: null,
      signal: 'SIGTERM',
      timedOut: true,
    });
    expect(await runEndingWith({ signal: 'KILL' }, 1_000, 1_000)).toMatchObject({ timedOut: true });
  });

  it('does not count the same endings well before the limit (the command failed on its own)', async () => {
    expect(await runEndingWith({ code: 124 }, 10, 5_000)).toMatchObject({ exitCode: 124, timedOut: false });
    expect(await runEndingWith({ signal: 'TERM' }, 10, 5_000)).toMatchObject({ timedOut: false });
  });
});
