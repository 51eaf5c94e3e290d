import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private OpenSSH sshd started by a test or bench (LIBRARIES.md recipe), with its own keys. */
export interface TestSshd {
  dir: string;
  port: number;
  addresses: string[];
  /** `ssh-ed25519 AAAA...` of the server's host key. */
  hostKeyPublic: string;
  /** Client keys in authorized_keys for every user. */
  ed25519KeyPath: string;
  rsaKeyPath: string;
  /** A known_hosts file pinning this server on all its addresses. */
  knownHostsPath: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Options of a test sshd. */
export interface TestSshdOptions {
  /** Loopback addresses to listen on (at most 16: sshd's limit). */
  addresses: string[];
  maxSessions?: number;
  /** Reuse a key directory (keys made by an earlier call) instead of generating new keys. */
  keysFrom?: string;
  /** sshd_config lines appended after the defaults (e.g. `SetEnv PATH=...` in a Match block). */
  extraConfig?: string[];
}

/** A TCP port free on `address` right now. */
export async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function keygen(path: string, type: 'ed25519' | 'rsa'): void {
  const args = ['-q', '-t', type, '-N', '', '-C', 'vigil-test', '-f', path];
  if (type === 'rsa') args.push('-b', '2048', '-m', 'PEM');
  execFileSync('ssh-keygen', args);
}

/** Starts sshd in the foreground (`-D -e`) on `addresses` and a free port; kill it with `stop()`. */
export async function startSshd(options: TestSshdOptions): Promise<TestSshd> {
  const sshd = '/usr/sbin/sshd';
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sshd-'));
  chmodSync(dir, 0o755);
  const keys = options.keysFrom ?? dir;
  if (!options.keysFrom) {
    keygen(join(dir, 'host_ed25519'), 'ed25519');
    keygen(join(dir, 'client_ed25519'), 'ed25519');
    keygen(join(dir, 'client_rsa'), 'rsa');
    const authorized = ['client_ed25519', 'client_rsa']
      .map((k) => readFileSync(join(dir, `${k}.pub`), 'utf8'))
      .join('');
    writeFileSync(join(dir, 'authorized_keys'), authorized, { mode: 0o644 });
    chmodSync(join(dir, 'authorized_keys'), 0o644);
  }
  const port = await freePort(options.addresses[0]!);
  const config = [
    `Port ${port}`,
    ...options.addresses.map((a) => `ListenAddress ${a}`),
    `HostKey ${join(keys, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(keys, 'authorized_keys')}`,
    'PermitRootLogin yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'UsePAM no',
    'StrictModes no',
    'AllowTcpForwarding yes',
    'MaxStartups 200:30:400',
    `MaxSessions ${options.maxSessions ?? 20}`,
    'LogLevel VERBOSE',
    // Match blocks must come last in sshd_config.
    ...(options.extraConfig ?? []),
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), `${config}\n`);
  mkdirSync('/run/sshd', { recursive: true });
  const child = spawn(sshd, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-262_144);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => {
    log += `spawn error: ${error.message} (install openssh-server)\n`;
  });
  const hostKeyPublic = readFileSync(join(keys, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, options.addresses.map((a) => `[${a}]:${port} ${hostKeyPublic}\n`).join(''));
  const deadline = Date.now() + 15_000;
  while (!/Server listening on/.test(log)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      throw new Error(`sshd did not start listening:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    port,
    addresses: options.addresses,
    hostKeyPublic,
    ed25519KeyPath: join(keys, 'client_ed25519'),
    rsaKeyPath: join(keys, 'client_rsa'),
    knownHostsPath,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A non-root login for tests, created with useradd when missing and removed by `remove()`. */
export interface TestUser {
  name: string;
  password: string;
  remove(): void;
}

/**
 * Creates a throw-away non-root account (`vgt<pid>`) with a password, so tests log in the way
 * production monitoring accounts do (sshd forwards signals only for non-root users). Needs root.
 */
export function createTestUser(): TestUser {
  const name = `vgt${process.pid}`;
  const password = `pw-${process.pid}-${Date.now()}`;
  execFileSync('useradd', ['-M', '-d', '/tmp', '-s', '/bin/sh', name]);
  execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
  return {
    name,
    password,
    remove: () => {
      // -f: a command a test left behind must not keep the account alive.
      execFileSync('userdel', ['-f', name], { stdio: 'ignore' });
    },
  };
}
