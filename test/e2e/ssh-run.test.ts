import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, startSshd, type TestSshd, type TestUser } from '../support/sshd.js';
import {
  adminApi,
  eventually as eventually_,
  freePort,
  startVigilRun,
  type VigilProcess,
} from '../support/vigil-process.js';

/**
 * `vigil run` with an `ssh` section against a real sshd on this machine (127.50.0.6, non-root
 * login): the SSH inventory of this machine merges with the local probe's into ONE host CI, and
 * a custom SSH check with a threshold opens an incident bound to it.
 */
describe('vigil run: SSH targets', () => {
  let dir: string;
  let port: number;
  let vigil: VigilProcess;
  let sshd: TestSshd;
  let user: TestUser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-ssh-e2e-'));
    port = await freePort();
    sshd = await startSshd({ addresses: ['127.50.0.6'] });
    user = createTestUser();
    writeFileSync(
      join(dir, 'vigil.yaml'),
      [
        'host:',
        '  interval: 1s',
        'ssh:',
        `  knownHosts: ${sshd.knownHostsPath}`,
        '  interval: 1s',
        '  credentials:',
        `    - { name: ops, user: ${user.name}, privateKey: "\${file:${sshd.ed25519KeyPath}}" }`,
        '  checks:',
        '    - { name: answer, command: [sh, -c, "echo 42"], above: 10, severity: major, summary: "answer is {{ value }}" }',
        '  targets:',
        `    - { host: 127.50.0.6, port: ${sshd.port}, credential: ops }`,
        '',
      ].join('\n'),
    );
    vigil = await startVigilRun(dir, port, ['-c', join(dir, 'vigil.yaml')]);
  });
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGTERM');
    user?.remove();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => (await adminApi(port, dir)(path)).body;

  const eventually = <T>(probe: () => Promise<T | undefined>) =>
    eventually_(probe, () => vigil.output(), 40_000, 300);

  it('merges the SSH inventory of this machine with the local probe into one host CI', async () => {
    const host = await eventually(async () => {
      const page = await get('/api/v1/cis?class=host');
      const ci = page.items.find((c: { name: string }) => c.name === hostname());
      return ci?.sources.includes('ssh') && ci.sources.includes('host') ? ci : undefined;
    });
    expect(host.attributes.sshHostKeyTrust).toBe('known_hosts');
    expect(host.attributes.sshHostKeyFingerprint).toMatch(/^SHA256:/);
    const hosts = (await get('/api/v1/cis?class=host')).items.filter(
      (c: { name: string }) => c.name === hostname(),
    );
    expect(hosts).toHaveLength(1);
  });

  it('opens an incident from a custom SSH check through the threshold rules', async () => {
    const incident = await eventually(async () => {
      const page = await get('/api/v1/incidents');
      return page.items.find((i: { title: string }) => i.title.includes('answer is 42'));
    });
    expect(incident.priority).toBeTypeOf('string');
    expect(vigil.output()).not.toContain('BEGIN OPENSSH PRIVATE KEY');
  });
});
