import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshMonitors, type SshMonitors } from '../../agent/create-ssh-monitors.js';
import type { CycleReport } from '../../agent/host-monitor-types.js';
import { discoverOverSsh } from '../../collector/ssh/index.js';
import type { SshConfig } from '../../config/types.js';
import { ManualClock } from '../../correlator/clock/clock.js';
import type { NativeEvent } from '../../correlator/model/event.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import { createTestUser, startSshd, type TestSshd, type TestUser } from '../support/sshd.js';

// Real OpenSSH sshd on 127.50.0.5, logged in to as a throw-away non-root user.
const HOST = '127.50.0.5';
let sshd: TestSshd;
let user: TestUser;
let ssh: SshMonitors | undefined;

beforeAll(async () => {
  sshd = await startSshd({ addresses: [HOST] });
  user = createTestUser();
});

afterAll(async () => {
  await ssh?.stop();
  user?.remove();
  await sshd?.stop();
});

function sshConfig(overrides: Partial<SshConfig> = {}): SshConfig {
  return {
    knownHosts: sshd.knownHostsPath,
    tofu: false,
    concurrency: 4,
    maxSessions: 4,
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 30_000,
    keepaliveMs: 15_000,
    intervalMs: 60_000,
    inventoryIntervalMs: 3_600_000,
    downAfterFailures: 3,
    credentials: [{ name: 'ops', user: user.name, password: user.password }],
    jumpHosts: [],
    checks: [
      {
        name: 'answer',
        command: ['sh', '-c', 'echo 42'],
        above: 10,
        forMs: 0,
        severity: 'major',
        category: 'other',
        timeoutMs: 10_000,
      },
      {
        name: 'quiet',
        command: ['true'],
        above: 0,
        forMs: 0,
        severity: 'minor',
        category: 'other',
        timeoutMs: 10_000,
      },
    ],
    targets: [{ host: HOST, port: sshd.port, credential: 'ops' }],
    ...overrides,
  };
}

describe('SSH monitoring against a real sshd (non-root login)', () => {
  it('inventories the host into a ssh batch and turns health samples and custom checks into events', async () => {
    const events: NativeEvent[] = [];
    const batches: ObservationBatch[] = [];
    const reports: CycleReport[] = [];
    ssh = await createSshMonitors({
      config: sshConfig(),
      rules: [],
      sinks: () => ({
        onEvents: async (e) => {
          events.push(...e);
        },
        onObservations: async (b) => {
          batches.push(b);
        },
        onCycle: (r) => {
          reports.push(r);
        },
      }),
    });
    const report = await ssh.monitors[0]!.runCycle();
    expect(report.errors).toEqual([]);
    const batch = batches[0]!;
    expect(batch.source).toBe('ssh');
    const host = batch.cis[0]!;
    expect(host.class).toBe('host');
    expect(host.attributes).toMatchObject({
      osDistro: expect.stringContaining('Debian'),
      sshHostKeyTrust: 'known_hosts',
      sshAddress: `${HOST}:${sshd.port}`,
      sshHostKeyFingerprint: expect.stringMatching(/^SHA256:/),
    });
    expect(batch.cis.some((ci) => ci.class === 'filesystem')).toBe(true);
    expect(report.samples).toBeGreaterThan(5);
    const answer = events.find((e) => e.check === 'ssh-check-answer');
    expect(answer).toMatchObject({ severity: 'major', status: 'firing', resource: host.name, source: 'ssh' });
    expect(events.some((e) => e.check === 'ssh-check-quiet')).toBe(false);
    expect(events.some((e) => e.check === 'ssh-unreachable')).toBe(false);
  });

  it('reports an unreachable target as ssh.up 0, which fires ssh-unreachable once its for: passes', async () => {
    const events: NativeEvent[] = [];
    const clock = new ManualClock();
    const monitors = await createSshMonitors({
      clock,
      config: sshConfig({ targets: [{ host: HOST, port: 1, credential: 'ops', name: 'gone' }] }),
      rules: [],
      sinks: () => ({
        onEvents: async (e) => {
          events.push(...e);
        },
        onObservations: async () => undefined,
        onCycle: () => undefined,
      }),
    });
    try {
      const report = await monitors.monitors[0]!.runCycle();
      expect(report.errors.map((e) => e.call)).toEqual(expect.arrayContaining(['inventory', 'ssh:health']));
      expect(report.errors.find((e) => e.call === 'ssh:health')?.error).toMatch(/Cannot reach SSH/);
      expect(report.samples).toBe(1);
      expect(events).toEqual([]);
      clock.advance(61_000);
      await monitors.monitors[0]!.runCycle();
      expect(events).toEqual([
        expect.objectContaining({
          check: 'ssh-unreachable',
          resource: 'gone',
          status: 'firing',
          severity: 'major',
        }),
      ]);
    } finally {
      await monitors.stop();
    }
  });
});

describe('discoverOverSsh against a real sshd', () => {
  it('returns one batch or error per address, in order, with progress', async () => {
    const keyFile = join(sshd.dir, 'client_ed25519');
    const knownHosts = join(sshd.dir, 'known_hosts.discover');
    writeFileSync(knownHosts, readFileSync(sshd.knownHostsPath));
    const progress: number[] = [];
    const results = await discoverOverSsh(
      [`${HOST}:${sshd.port}`, `${HOST}:1`, `[${HOST}]:${sshd.port}`],
      { user: 'root', keyFile, knownHostsFile: knownHosts, concurrency: 2 },
      (done) => progress.push(done),
    );
    expect(results.map((r) => r.address)).toEqual([
      `${HOST}:${sshd.port}`,
      `${HOST}:1`,
      `[${HOST}]:${sshd.port}`,
    ]);
    expect('batch' in results[0]! && results[0].batch.source).toBe('ssh');
    expect('error' in results[1]! && results[1].error.code).toBe('VIGIL_ERR_SSH_CONNECT_FAILED');
    expect('batch' in results[2]!).toBe(true);
    expect(progress.sort()).toEqual([1, 2, 3]);
  });

  it('refuses unknown hosts unless tofu, and records the key it trusted', async () => {
    const empty = join(sshd.dir, 'known_hosts.discover-empty');
    writeFileSync(empty, '');
    const options = { user: 'root', keyFile: join(sshd.dir, 'client_ed25519'), knownHostsFile: empty };
    const [refused] = await discoverOverSsh([`${HOST}:${sshd.port}`], options);
    expect('error' in refused! && refused.error.code).toBe('VIGIL_ERR_SSH_HOST_KEY_UNKNOWN');
    const [trusted] = await discoverOverSsh([`${HOST}:${sshd.port}`], { ...options, tofu: true });
    expect('batch' in trusted! && trusted.batch.cis[0]!.attributes['sshHostKeyTrust']).toBe('tofu');
    expect(readFileSync(empty, 'utf8')).toContain(sshd.hostKeyPublic);
  });

  it('names an unreadable key file', async () => {
    await expect(
      discoverOverSsh([HOST], {
        user: 'root',
        keyFile: '/nonexistent/key',
        knownHostsFile: sshd.knownHostsPath,
      }),
    ).rejects.toMatchObject({ code: 'VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE' });
  });
});
