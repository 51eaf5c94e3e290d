import { describe, expect, it } from 'vitest';
import { ConfigError } from './issues.js';
import { loadConfigText } from './load.js';

const opts = { env: { PW: 'secret-password' }, cwd: '/srv/app' };
const base = `ssh:
  knownHosts: ./known_hosts
  credentials:
    - { name: ops, user: vigil, password: "\${env:PW}" }
`;

async function problems(text: string) {
  try {
    await loadConfigText(text, '/etc/vigil/vigil.yaml', opts);
  } catch (error) {
    if (error instanceof ConfigError) return error.details.map((d) => [d.code, d.key, d.line]);
    throw error;
  }
  throw new Error('the config loaded');
}

describe('ssh config section', () => {
  it('is absent unless written, so vigil run keeps its behaviour without it', async () => {
    expect((await loadConfigText('', '/etc/vigil/vigil.yaml', opts)).ssh).toBeUndefined();
  });

  it('resolves durations, defaults, paths and secrets', async () => {
    const config = await loadConfigText(
      `${base}  targets:\n    - { host: 10.0.0.1, credential: ops, interval: 2m }\n  checks:\n    - { name: q, command: [echo, "1"], above: 0 }\n`,
      '/etc/vigil/vigil.yaml',
      opts,
    );
    expect(config.ssh).toMatchObject({
      knownHosts: '/etc/vigil/known_hosts',
      tofu: false,
      concurrency: 20,
      maxSessions: 8,
      connectTimeoutMs: 10_000,
      commandTimeoutMs: 30_000,
      intervalMs: 60_000,
      credentials: [{ name: 'ops', user: 'vigil', password: 'secret-password' }],
      targets: [{ host: '10.0.0.1', port: 22, credential: 'ops', intervalMs: 120_000 }],
      checks: [
        { name: 'q', command: ['echo', '1'], above: 0, forMs: 0, timeoutMs: 30_000, severity: 'warning' },
      ],
    });
  });

  it('rejects references to unknown credentials, jump hosts and checks, at their lines', async () => {
    expect(
      await problems(
        `${base}  targets:\n    - { host: a, credential: nope, jump: gone, checks: [missing] }\n`,
      ),
    ).toEqual([
      ['VIGIL_ERR_CONFIG_INVALID', 'ssh.targets[0].credential', 6],
      ['VIGIL_ERR_CONFIG_INVALID', 'ssh.targets[0].jump', 6],
      ['VIGIL_ERR_CONFIG_INVALID', 'ssh.targets[0].checks[0]', 6],
    ]);
  });

  it('rejects a credential with no login method, duplicate names and a check without one threshold', async () => {
    const issues = await problems(
      `ssh:\n  knownHosts: k\n  credentials:\n    - { name: a, user: u }\n    - { name: a, user: u, agent: /s }\n  checks:\n    - { name: c, command: [x] }\n    - { name: d, command: [x], above: 1, below: 2 }\n`,
    );
    expect(issues.map((i) => i[1])).toEqual(
      expect.arrayContaining([
        'ssh.credentials[0]',
        'ssh.credentials[1].name',
        'ssh.checks[0]',
        'ssh.checks[1]',
      ]),
    );
  });

  it('rejects unknown keys and a missing knownHosts', async () => {
    const issues = await problems('ssh:\n  targets: []\n  knownhost: x\n');
    expect(issues.map((i) => i[0])).toEqual(
      expect.arrayContaining(['VIGIL_ERR_CONFIG_UNKNOWN_KEY', 'VIGIL_ERR_CONFIG_INVALID']),
    );
  });
});
