import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectSshInventory,
  HostKeyPolicy,
  runSections,
  SshCommandRunner,
  SshConnectionPool,
  type SshTarget,
} from '../../collector/ssh/index.js';
import { mapHealth } from '../../collector/ssh/map-health.js';
import { HEALTH_SECTIONS } from '../../collector/ssh/scripts.js';
import { createTestUser, startSshd, type TestSshd, type TestUser } from '../support/sshd.js';

// A real sshd on 127.5.0.13 whose test user logs in to BusyBox: login shell BusyBox ash and,
// through sshd's SetEnv, a PATH holding only BusyBox applets: a BusyBox/Alpine host as vigil
// meets it (no lsblk, no ip -j, no systemd). A second user logs in to the full Debian tools.
const HOST = '127.5.0.13';
let busybox: string | undefined;
try {
  busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim() || undefined;
} catch {
  busybox = undefined;
}
let sshd: TestSshd;
let boxUser: TestUser;
let appletDir: string;
let runner: SshCommandRunner;
let pool: SshConnectionPool;

beforeAll(async () => {
  if (!busybox) return;
  appletDir = mkdtempSync(join(tmpdir(), 'vigil-busybox-login-'));
  chmodSync(appletDir, 0o755);
  for (const applet of execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n'))
    if (applet) symlinkSync(busybox, join(appletDir, applet));
  boxUser = createTestUser();
  execFileSync('usermod', ['-s', join(appletDir, 'sh'), boxUser.name]);
  sshd = await startSshd({
    addresses: [HOST],
    extraConfig: [`Match User ${boxUser.name}`, `  SetEnv PATH=${appletDir}`],
  });
  pool = new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: sshd.knownHostsPath }));
  runner = new SshCommandRunner(pool);
});

afterAll(async () => {
  await pool?.close();
  boxUser?.remove();
  await sshd?.stop();
  if (appletDir) rmSync(appletDir, { recursive: true, force: true });
});

const target = (): SshTarget => ({
  host: HOST,
  port: sshd.port,
  user: boxUser.name,
  auth: { password: boxUser.password },
});

// `apt-get install busybox` (Debian) provides it; without it there is no BusyBox host to test.
describe.skipIf(!busybox)('a BusyBox login over a real sshd', () => {
  it('really is BusyBox only', async () => {
    const result = await runner.run(target(), ['sh', '-c', 'echo $PATH; command -v lsblk systemctl || true']);
    expect(result.stdout.trim()).toBe(appletDir);
    const shell = await runner.run(target(), ['readlink', '/proc/self/exe']);
    expect(shell.stdout.trim()).toBe(busybox);
  });

  it('inventories through the fallbacks and records which commands were unavailable', async () => {
    const batch = await collectSshInventory(runner, target());
    const host = batch.cis[0]!;
    expect(host.attributes['sshUnavailableCommands']).toEqual(['ip -j', 'lsblk', 'systemctl']);
    expect(host.attributes['osDistro']).toBeDefined();
    expect(host.attributes['cpuCores']).toBeGreaterThan(0);
    expect(batch.cis.some((ci) => ci.class === 'filesystem')).toBe(true);
  });

  it('identifies the machine as the full tools do over the same sshd (root login, system PATH)', async () => {
    const full = await collectSshInventory(runner, {
      host: HOST,
      port: sshd.port,
      user: 'root',
      auth: { privateKey: readFileSync(sshd.ed25519KeyPath) },
    });
    const box = await collectSshInventory(runner, target());
    expect(box.cis[0]!.identifiers).toEqual(full.cis[0]!.identifiers);
    expect(full.cis[0]!.attributes['sshUnavailableCommands']).not.toContain('ip -j');
  });

  it('runs the health script: filesystems, memory and load, no systemd metric', async () => {
    const sections = await runSections(runner, target(), HEALTH_SECTIONS, {
      timeoutMs: 30_000,
      maxOutputBytes: 1 << 20,
    });
    expect(sections.get('systemctl-failed')?.trim()).toBe('@unavailable');
    const samples = mapHealth(sections);
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'filesystem.used_percent',
      'memory.used_percent',
      'cpu.load1_per_core',
      'host.uptime_seconds',
    ])
      expect(names).toContain(name);
    expect(names.has('systemd.failed_units')).toBe(false);
  });

  it('stops a command at its time limit with BusyBox timeout -k and reports it as timed out', async () => {
    const started = Date.now();
    const result = await runner.run(target(), ['sleep', '30'], { timeoutMs: 1_000 });
    // BusyBox's timeout execs the command and a watcher signals it: sshd reports the signal
    // (SIGTERM), not coreutils' status 124.
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
