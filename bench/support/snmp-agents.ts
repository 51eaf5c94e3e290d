import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnmpClient } from '../../collector/snmp/client.js';

/** Environment that keeps Net-SNMP tools away from system MIBs. */
export const NET_SNMP_ENV = { ...process.env, MIBS: '', MIBDIRS: '/nonexistent-vigil-mibs' };

/** CPU seconds (user + system) a process has used so far, from /proc; null when unreadable. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); after the command name they are 12 and 13.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** A daemon the bench started; `stop` kills it by PID and removes its directory. */
export interface BenchDaemon {
  child: ChildProcess;
  stop(): Promise<void>;
}

async function until(host: string, port: number, community: string, timeoutMs: number, child: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`agent on ${host}:${port} exited with ${child.exitCode}`);
    const client = new SnmpClient(
      { host, port },
      { name: 'probe', version: '2c', community },
      { timeoutMs: 500, retries: 0 },
    );
    try {
      await client.get(['1.3.6.1.2.1.1.5.0']);
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`agent on ${host}:${port} did not answer within ${timeoutMs} ms`);
    } finally {
      client.close();
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Starts the Debian snmpd on host:port with a v2c community. */
export async function benchSnmpd(host: string, port: number, community: string): Promise<BenchDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-snmpd-'));
  mkdirSync(join(dir, 'persist'));
  writeFileSync(join(dir, 'snmpd.conf'), `rocommunity ${community} 127.0.0.0/8\nsysName vigil-bench\n`);
  const child = spawn(
    'snmpd',
    ['-f', '-Lo', '-C', '-c', join(dir, 'snmpd.conf'), '-p', join(dir, 'pid'), `udp:${host}:${port}`],
    { env: { ...NET_SNMP_ENV, SNMP_PERSISTENT_DIR: join(dir, 'persist') }, stdio: 'ignore' },
  );
  const stop = stopper(child, dir);
  try {
    await until(host, port, community, 15_000, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, stop };
}

/**
 * Starts snmpsimd serving one recording (community = `community`) on every endpoint. It answers
 * GETBULK with at most `maxVarbinds` varbinds (snmpsimd's default 64), shortening the repetitions
 * the way a real agent shortens them to fit its message size.
 */
export async function benchSnmpsim(
  recording: string,
  community: string,
  endpoints: ReadonlyArray<{ host: string; port: number }>,
  maxVarbinds = 64,
): Promise<BenchDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-snmpsim-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'data'), { mode: 0o755 });
  mkdirSync(join(dir, 'cache'));
  chmodSync(join(dir, 'cache'), 0o777);
  writeFileSync(join(dir, 'data', `${community}.snmprec`), recording, { mode: 0o644 });
  const args = [
    `--data-dir=${join(dir, 'data')}`,
    `--cache-dir=${join(dir, 'cache')}`,
    '--logging-method=null',
    `--max-varbinds=${maxVarbinds}`,
    ...endpoints.map((e) => `--agent-udpv4-endpoint=${e.host}:${e.port}`),
  ];
  if (process.getuid?.() === 0) args.push('--process-user=nobody', '--process-group=nogroup');
  const child = spawn('snmpsimd', args, { stdio: 'ignore' });
  const stop = stopper(child, dir);
  try {
    for (const e of [endpoints[0]!, endpoints.at(-1)!])
      await until(e.host, e.port, community, 120_000, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, stop };
}
