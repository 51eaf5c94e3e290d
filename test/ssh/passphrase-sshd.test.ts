import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshMonitors } from '../../agent/create-ssh-monitors.js';
import type { CycleReport } from '../../agent/host-monitor-types.js';
import { sshTargetOf } from '../../agent/ssh-targets.js';
import { sshSinks } from '../../bin/ssh-sinks.js';
import {
  discoverOverSsh,
  HostKeyPolicy,
  SshCommandRunner,
  SshConnectionPool,
} from '../../collector/ssh/index.js';
import { loadConfigText } from '../../config/load.js';
import type { SshConfig } from '../../config/types.js';
import type { Correlator } from '../../correlator/correlator.js';
import type { VigilError } from '../../correlator/errors/vigil-error.js';
import { createTestUser, startSshd, type TestSshd, type TestUser } from '../support/sshd.js';

// Real OpenSSH sshd on 127.5.0.11; passphrase-protected client keys made with ssh-keygen -N.
const HOST = '127.5.0.11';
const RIGHT = 'pp-Correct-Horse-42';
const WRONG = 'pp-Wrong-Battery-17';
let sshd: TestSshd;
let user: TestUser;
let dir: string;
let ssh: SshConfig;

beforeAll(async () => {
  sshd = await startSshd({ addresses: [HOST] });
  user = createTestUser();
  dir = mkdtempSync(join(tmpdir(), 'vigil-ssh-passphrase-'));
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    RIGHT,
    '-C',
    'vigil-enc',
    '-f',
    join(dir, 'enc_ed25519'),
  ]);
  // The legacy encrypted PEM format (Proc-Type/DEK-Info), still common for RSA keys.
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'rsa',
    '-b',
    '2048',
    '-m',
    'PEM',
    '-N',
    RIGHT,
    '-f',
    join(dir, 'enc_rsa'),
  ]);
  for (const key of ['enc_ed25519', 'enc_rsa']) {
    chmodSync(join(dir, key), 0o600);
    appendFileSync(join(sshd.dir, 'authorized_keys'), readFileSync(join(dir, `${key}.pub`)));
  }
  writeFileSync(join(dir, 'passphrase'), `${RIGHT}\n`, { mode: 0o600 });
  const yaml = `ssh:
  knownHosts: ${sshd.knownHostsPath}
  credentials:
    - { name: ed, user: ${user.name}, privateKey: "\${file:./enc_ed25519}", passphrase: "\${env:KEY_PASSPHRASE}" }
    - { name: rsa, user: ${user.name}, privateKey: "\${file:./enc_rsa}", passphrase: "\${file:./passphrase}" }
    - { name: wrong, user: ${user.name}, privateKey: "\${file:./enc_ed25519}", passphrase: "\${env:OTHER_PASSPHRASE}" }
    - { name: none, user: ${user.name}, privateKey: "\${file:./enc_ed25519}" }
  targets:
    - { host: ${HOST}, port: ${sshd.port}, credential: ed, name: ed }
    - { host: ${HOST}, port: ${sshd.port}, credential: rsa, name: rsa }
    - { host: ${HOST}, port: ${sshd.port}, credential: wrong, name: wrong }
    - { host: ${HOST}, port: ${sshd.port}, credential: none, name: none }
`;
  const config = await loadConfigText(yaml, join(dir, 'vigil.yaml'), {
    env: { KEY_PASSPHRASE: RIGHT, OTHER_PASSPHRASE: WRONG },
  });
  ssh = config.ssh!;
});

afterAll(async () => {
  user?.remove();
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const targetNamed = (name: string) => sshTargetOf(ssh.targets.find((t) => t.name === name)!, ssh);

function runner() {
  return new SshCommandRunner(
    new SshConnectionPool(new HostKeyPolicy({ knownHostsPath: sshd.knownHostsPath })),
  );
}

/** Everything a caller could print about an error. */
const everything = (error: VigilError) => `${error.message}\n${error.stack}\n${JSON.stringify(error)}`;

describe('passphrase-protected private keys against a real sshd', () => {
  it('logs in with the passphrase from env and file secret references, ed25519 and RSA PEM', async () => {
    const run = runner();
    for (const name of ['ed', 'rsa']) {
      const result = await run.run(targetNamed(name), ['id', '-un']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout.trim()).toBe(user.name);
    }
  });

  it('refuses a wrong passphrase before connecting, naming the key file, never the passphrase', async () => {
    const keyFile = join(dir, 'enc_ed25519');
    expect(ssh.credentials.find((c) => c.name === 'wrong')?.privateKeySource).toBe(keyFile);
    const error = (await runner()
      .run(targetNamed('wrong'), ['true'])
      .catch((e: unknown) => e)) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE');
    expect(error.message).toContain(keyFile);
    expect(error.message).toContain(`${user.name}@${HOST}`);
    expect(error.message).toMatch(/passphrase does not decrypt it/);
    expect(everything(error)).not.toContain(WRONG);
    expect(everything(error)).not.toContain(RIGHT);
    // Refused locally: sshd never saw a login attempt for this key.
    expect(sshd.log()).not.toMatch(/Failed publickey/);
  });

  it('says the key is encrypted when no passphrase is configured', async () => {
    const error = (await runner()
      .run(targetNamed('none'), ['true'])
      .catch((e: unknown) => e)) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE');
    expect(error.message).toContain(join(dir, 'enc_ed25519'));
    expect(error.message).toMatch(/encrypted and no passphrase is set; add passphrase:/);
  });

  it('keeps passphrases out of the logs of vigil run and names the key file there', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const correlator = {
      pipeline: { ingest: async () => undefined },
      cmdb: { observe: async () => ({ created: 0, updated: 0 }) },
      metrics: { probeDuration: { observe: () => undefined }, probeErrors: { inc: () => undefined } },
      liveness: { poll: () => undefined },
    } as unknown as Pick<Correlator, 'pipeline' | 'cmdb' | 'metrics' | 'liveness'>;
    const reports: CycleReport[] = [];
    const sinks = sshSinks(correlator, logger, { staleAfterMs: 60_000, downAfterFailures: 3 });
    const monitors = await createSshMonitors({
      // 'ed' logs in first: 'wrong' (same user and host) must not ride on its connection.
      config: { ...ssh, targets: ssh.targets.filter((t) => t.name === 'ed' || t.name === 'wrong') },
      rules: [],
      sinks: (target) => ({
        ...sinks(target),
        onCycle: (report) => {
          reports.push(report);
          sinks(target).onCycle(report);
        },
      }),
    });
    try {
      for (const monitor of monitors.monitors) await monitor.runCycle();
    } finally {
      await monitors.stop();
    }
    expect(reports).toHaveLength(2);
    expect(reports[0]!.errors).toEqual([]);
    expect(reports[1]!.errors.map((e) => e.call)).toEqual(
      expect.arrayContaining(['inventory', 'ssh:health']),
    );
    const log = lines.join('');
    expect(log).toContain(join(dir, 'enc_ed25519'));
    expect(log).toMatch(/VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE|passphrase does not decrypt/);
    expect(log).not.toContain(WRONG);
    expect(log).not.toContain(RIGHT);
  });

  it('vigil discover --ssh-key with a passphrase: works when right, names the file when wrong', async () => {
    const keyFile = join(dir, 'enc_rsa');
    const base = { user: user.name, keyFile, knownHostsFile: sshd.knownHostsPath, port: sshd.port };
    const [ok] = await discoverOverSsh([HOST], { ...base, passphrase: RIGHT });
    expect(ok && 'batch' in ok && ok.batch.source).toBe('ssh');
    const [bad] = await discoverOverSsh([HOST], { ...base, passphrase: WRONG });
    expect(bad && 'error' in bad && bad.error.code).toBe('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE');
    const error = (bad as { error: VigilError }).error;
    expect(error.message).toContain(keyFile);
    expect(everything(error)).not.toContain(WRONG);
  });
});
