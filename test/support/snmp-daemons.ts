import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnmpClient } from '../../collector/snmp/client.js';
import type { SnmpCredential } from '../../collector/snmp/credential.js';
import { findBinary, startChild, type TestChild, waitFor } from './child-binary.js';

/** Environment that keeps Net-SNMP tools quiet and away from system MIB and state directories. */
export const NET_SNMP_ENV = { ...process.env, MIBS: '', MIBDIRS: '/nonexistent-vigil-mibs' };

/** The v2c community and v3 authPriv user the test snmpd accepts. */
export const SNMPD_V2C: SnmpCredential = { name: 'lab', version: '2c', community: 'vigil-lab' };
export const SNMPD_V3: SnmpCredential = {
  name: 'core',
  version: '3',
  user: 'monitor',
  authProtocol: 'sha',
  authKey: 'authpass123',
  privProtocol: 'aes',
  privKey: 'privpass123',
};
/** A second v3 user with SHA-256 authentication, to cover SHA-2. */
export const SNMPD_V3_SHA256: SnmpCredential = {
  name: 'core256',
  version: '3',
  user: 'monitor256',
  authProtocol: 'sha256',
  authKey: 'authpass256',
  privProtocol: 'aes',
  privKey: 'privpass256',
};

/** A daemon started by a test, stopped by PID. */
export interface RunningDaemon {
  host: string;
  port: number;
  child: TestChild;
  stop(): Promise<void>;
}

async function answers(host: string, port: number, credential: SnmpCredential): Promise<true | undefined> {
  const client = new SnmpClient({ host, port }, credential, { timeoutMs: 500, retries: 0 });
  try {
    await client.get(['1.3.6.1.2.1.1.5.0']);
    return true;
  } finally {
    client.close();
  }
}

/** A UDP port free on `host` right now (IPv4 or IPv6), for agents and listeners tests start. */
export function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real Debian `snmpd` on `host:port` (inside the engineer's loopback range, or `::1`
 * over udp6) with the
 * v2c community and the v3 users above, its persistent state in a temp dir, and waits until it
 * answers.
 */
export async function startSnmpd(host: string, port: number): Promise<RunningDaemon> {
  const bin = findBinary(['snmpd'], 'snmpd');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-snmpd-'));
  mkdirSync(join(dir, 'persist'));
  const v3 = SNMPD_V3 as Extract<SnmpCredential, { version: '3' }>;
  const v3b = SNMPD_V3_SHA256 as Extract<SnmpCredential, { version: '3' }>;
  writeFileSync(
    join(dir, 'snmpd.conf'),
    [
      `rocommunity ${(SNMPD_V2C as { community: string }).community} 127.0.0.0/8`,
      `rocommunity6 ${(SNMPD_V2C as { community: string }).community} ::1/128`,
      `createUser ${v3.user} SHA "${v3.authKey}" AES "${v3.privKey}"`,
      `createUser ${v3b.user} SHA-256 "${v3b.authKey}" AES "${v3b.privKey}"`,
      `rouser ${v3.user} priv`,
      `rouser ${v3b.user} priv`,
      'sysName vigil-test-snmpd',
      'sysLocation vigil-lab',
      'sysContact ops@example.invalid',
      '',
    ].join('\n'),
  );
  const child = spawnWithEnv(
    bin,
    [
      '-f',
      '-Lo',
      '-C',
      '-c',
      join(dir, 'snmpd.conf'),
      '-p',
      join(dir, 'snmpd.pid'),
      host.includes(':') ? `udp6:[${host}]:${port}` : `udp:${host}:${port}`,
    ],
    dir,
    { SNMP_PERSISTENT_DIR: join(dir, 'persist') },
  );
  try {
    await waitFor('snmpd to answer', () => answers(host, port, SNMPD_V2C), 15_000, child.output);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    host,
    port,
    child,
    stop: async () => {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnWithEnv(bin: string, args: string[], cwd: string, env: Record<string, string>): TestChild {
  const child = spawn(bin, args, {
    cwd,
    env: { ...NET_SNMP_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-65_536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Starts the Debian `snmpsimd` serving `.snmprec` recordings (file name = community) on every
 * endpoint `host:port`. snmpsimd refuses to run as root, so as root it drops to nobody, which is
 * why the data and cache directories are made world-readable.
 */
export async function startSnmpsim(
  recordings: Record<string, string>,
  endpoints: ReadonlyArray<{ host: string; port: number }>,
  probeCommunity: string,
): Promise<RunningDaemon & { dir: string }> {
  const bin = findBinary(['snmpsimd', 'snmpsimd.py'], 'snmpsim');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-snmpsim-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const cache = join(dir, 'cache');
  mkdirSync(data, { mode: 0o755 });
  mkdirSync(cache, { mode: 0o777 });
  chmodSync(cache, 0o777);
  for (const [community, text] of Object.entries(recordings)) {
    writeFileSync(join(data, `${community}.snmprec`), text, { mode: 0o644 });
  }
  const args = [
    `--data-dir=${data}`,
    `--cache-dir=${cache}`,
    '--logging-method=null',
    ...endpoints.map((e) => `--agent-udpv4-endpoint=${e.host}:${e.port}`),
  ];
  if (process.getuid?.() === 0) args.push('--process-user=nobody', '--process-group=nogroup');
  const child = startChild(bin, args, dir);
  const first = endpoints[0]!;
  try {
    for (const e of endpoints.slice(0, 1).concat(endpoints.slice(-1))) {
      await waitFor(
        `snmpsimd to answer on ${e.host}:${e.port}`,
        () => answers(e.host, e.port, { name: 'probe', version: '2c', community: probeCommunity }),
        60_000,
        child.output,
      );
    }
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    host: first.host,
    port: first.port,
    dir,
    child,
    stop: async () => {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a Net-SNMP command-line tool to completion; resolves with its exit code and output. */
export function runTool(
  bin: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env: NET_SNMP_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
