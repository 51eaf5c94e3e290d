import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type TestSshd } from '../support/sshd.js';

/**
 * The real `vigil discover` binary with `--ssh-*` flags against a real OpenSSH sshd on 127.50.0.9:
 * the host is inventoried over SSH into the CMDB, and a pinned-key failure is reported per target.
 */
const VIGIL_BIN = fileURLToPath(new URL('../../dist/bin/vigil.js', import.meta.url));
const HOST = '127.50.0.9';
let sshd: TestSshd;
let dir: string;

beforeAll(async () => {
  sshd = await startSshd({ addresses: [HOST] });
  dir = mkdtempSync(join(tmpdir(), 'vigil-discover-ssh-'));
});

afterAll(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function discover(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'discover', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('vigil discover over SSH', () => {
  it('inventories a host with --ssh-user/--ssh-key/--ssh-known-hosts and writes it to the CMDB', async () => {
    const result = await discover([
      '--ssh-user',
      'root',
      '--ssh-key',
      join(sshd.dir, 'client_ed25519'),
      '--ssh-known-hosts',
      sshd.knownHostsPath,
      '--timeout',
      '200',
      '--retries',
      '0',
      '--json',
      '--data-dir',
      dir,
      `${HOST}:${sshd.port}`,
    ]);
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.devices).toEqual([expect.objectContaining({ source: 'ssh' })]);
    expect(report.cis.some((ci: { class: string }) => ci.class === 'host')).toBe(true);
    expect(report.written.created).toBeGreaterThan(0);
  }, 60_000);

  it('refuses --ssh-user without a known_hosts file', async () => {
    const result = await discover(['--ssh-user', 'root', '--json', '--dry-run', HOST]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--ssh-known-hosts');
  }, 30_000);
});
