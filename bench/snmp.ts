/**
 * `npm run bench:snmp`: the SNMP collector against real agents on this machine.
 * 1. A full walk (`.1.3.6.1`) of the Debian snmpd, side by side in one run: `snmpbulkwalk`,
 *    vigil's SnmpClient.walk and (for reference) a bare net-snmp GETBULK loop, all with the same
 *    max-repetitions, alternated, median of --runs (target: vigil <= 1.3x snmpbulkwalk).
 * 2. The interface tables of --devices simulated devices (the Cisco 3750 recording snmpsim
 *    ships, 59 interfaces each), polled with vigil's poller code (pollDevice: sysUpTime plus the
 *    ifTable/ifXTable columns side by side, one reused session per device, at most --concurrency
 *    devices at once). The fleet is served by --simulators snmpsimd processes, each answering a
 *    share of the addresses, so one Python process is not the bottleneck. Prints wall time, vigil's
 *    CPU time and RSS, and the simulators' CPU time (target: every device within one 60 s interval).
 * Options: --runs N (11), --devices N (200), --max-repetitions N (25), --concurrency N (50),
 * --simulators N (4), --polls N (2), --sim-max-varbinds N (64: most varbinds per simulated answer). Addresses: 127.4.6.1 (snmpd), 127.4.7.1.. (snmpsim).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import Table from 'cli-table3';
import snmp from 'net-snmp';
import { SnmpClient } from '../collector/snmp/client.js';
import { SnmpClientPool } from '../collector/snmp/client-pool.js';
import { pollDevice } from '../collector/snmp/poll-device.js';
import {
  type BenchDaemon,
  benchSnmpd,
  benchSnmpsim,
  NET_SNMP_ENV,
  processCpuSeconds,
} from './support/snmp-agents.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '11' },
    devices: { type: 'string', default: '200' },
    'max-repetitions': { type: 'string', default: '25' },
    concurrency: { type: 'string', default: '50' },
    simulators: { type: 'string', default: '4' },
    polls: { type: 'string', default: '2' },
    'sim-max-varbinds': { type: 'string', default: '64' },
  },
});
const RUNS = Number(values.runs);
const DEVICES = Number(values.devices);
const MAX_REP = Number(values['max-repetitions']);
const CONCURRENCY = Number(values.concurrency);
const SIMULATORS = Math.max(1, Math.min(Number(values.simulators), DEVICES));
const POLLS = Math.max(1, Number(values.polls));
const SIM_MAX_VARBINDS = Math.max(1, Number(values['sim-max-varbinds']));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(0);

// 1. Full walk: snmpbulkwalk, vigil and bare net-snmp, alternated.
const SNMPD = { host: '127.4.6.1', port: 16161 };
const snmpd = await benchSnmpd(SNMPD.host, SNMPD.port, 'bench');
const runs = { cli: [] as number[], vigil: [] as number[], raw: [] as number[] };
const counts = { cli: 0, vigil: 0, raw: 0 };
try {
  const cli = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const child = spawn(
        'snmpbulkwalk',
        ['-v2c', '-c', 'bench', `-Cr${MAX_REP}`, '-On', `${SNMPD.host}:${SNMPD.port}`, '.1.3.6.1'],
        { env: NET_SNMP_ENV, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let lines = 0;
      child.stdout.on('data', (c: Buffer) => {
        for (const b of c) if (b === 10) lines++;
      });
      child.on('error', reject);
      child.on('close', () => {
        counts.cli = lines;
        resolve(performance.now() - started);
      });
    });
  const vigil = async () => {
    const started = performance.now();
    const client = new SnmpClient(
      SNMPD,
      { name: 'b', version: '2c', community: 'bench' },
      { maxRepetitions: MAX_REP },
    );
    try {
      counts.vigil = (await client.walk('1.3.6.1')).length;
    } finally {
      client.close();
    }
    return performance.now() - started;
  };
  const raw = async () => {
    const started = performance.now();
    const session = snmp.createSession(SNMPD.host, 'bench', { port: SNMPD.port, version: snmp.Version2c });
    let cursor = '1.3.6.1';
    let n = 0;
    try {
      for (;;) {
        const rows = await new Promise<Array<Array<{ oid: string; type: number }>>>((resolve, reject) =>
          session.getBulk([cursor], 0, MAX_REP, (error, vbs) =>
            error ? reject(error) : resolve(vbs as never),
          ),
        );
        const row = rows[0] ?? [];
        const inside = row.filter((v) => v.type !== 130 && v.oid.startsWith('1.3.6.1.'));
        n += inside.length;
        if (inside.length < row.length || row.length === 0) break;
        cursor = row[row.length - 1]!.oid;
      }
    } finally {
      session.close();
    }
    counts.raw = n;
    return performance.now() - started;
  };
  await cli();
  await vigil();
  await raw();
  for (let i = 0; i < RUNS; i++) {
    runs.cli.push(await cli());
    runs.vigil.push(await vigil());
    runs.raw.push(await raw());
  }
} finally {
  await snmpd.stop();
}
const walkTable = new Table({ head: ['full walk .1.3.6.1', `median of ${RUNS} (ms)`, 'min (ms)', 'values'] });
walkTable.push(
  [
    `snmpbulkwalk -Cr${MAX_REP} (process incl. start-up)`,
    ms(median(runs.cli)),
    ms(Math.min(...runs.cli)),
    counts.cli,
  ],
  [
    `vigil SnmpClient.walk, max-repetitions ${MAX_REP}`,
    ms(median(runs.vigil)),
    ms(Math.min(...runs.vigil)),
    counts.vigil,
  ],
  [`bare net-snmp getBulk loop (reference)`, ms(median(runs.raw)), ms(Math.min(...runs.raw)), counts.raw],
);
process.stdout.write(
  `${walkTable.toString()}\nratio vigil / snmpbulkwalk: median ${(median(runs.vigil) / median(runs.cli)).toFixed(2)}, min ${(Math.min(...runs.vigil) / Math.min(...runs.cli)).toFixed(2)} (target <= 1.3)\n\n`,
);

// 2. Interface tables of DEVICES simulated devices, served by SIMULATORS snmpsimd processes.
const recording = gunzipSync(
  readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
).toString();
const endpoints = Array.from({ length: DEVICES }, (_, i) => ({
  host: `127.4.${7 + Math.floor(i / 250)}.${1 + (i % 250)}`,
  port: 161,
}));
const shares = Array.from({ length: SIMULATORS }, (_, s) =>
  endpoints.filter((_e, i) => i % SIMULATORS === s),
);
const sims: BenchDaemon[] = [];
try {
  sims.push(
    ...(await Promise.all(shares.map((share) => benchSnmpsim(recording, 'bench', share, SIM_MAX_VARBINDS)))),
  );
  const pool = new SnmpClientPool({
    concurrency: CONCURRENCY,
    tuning: { maxRepetitions: MAX_REP, timeoutMs: 5000, retries: 1 },
  });
  const credential = { name: 'b', version: '2c' as const, community: 'bench' };
  const pollAll = async () => {
    let interfaces = 0;
    let failed = 0;
    await Promise.all(
      endpoints.map((e) =>
        pool.run(async () => {
          try {
            const poll = await pollDevice(pool.client(e, credential), Date.now(), {
              hostResources: false,
              sensors: false,
            });
            interfaces += poll.interfaces.rows.length;
          } catch {
            failed++;
          }
        }),
      ),
    );
    return { interfaces, failed };
  };
  const simCpu = () => sims.reduce((sum, s) => sum + (processCpuSeconds(s.child.pid) ?? 0), 0);
  const rows: string[][] = [];
  for (let p = 0; p < POLLS; p++) {
    const cpu0 = process.cpuUsage();
    const sim0 = simCpu();
    const started = performance.now();
    const r = await pollAll();
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    rows.push([
      p === 0 ? 'first poll (sessions opened)' : `poll ${p + 1} (sessions reused)`,
      (wall / 1000).toFixed(1),
      ((cpu.user + cpu.system) / 1e6).toFixed(1),
      (process.memoryUsage().rss / 2 ** 20).toFixed(0),
      (simCpu() - sim0).toFixed(1),
      String(r.interfaces),
      String(r.failed),
    ]);
  }
  pool.close();
  const t = new Table({
    head: [
      `${DEVICES} devices, ${SIMULATORS} snmpsimd`,
      'wall (s)',
      'vigil CPU (s)',
      'vigil RSS (MiB)',
      'snmpsimd CPU (s)',
      'interfaces',
      'failed',
    ],
  });
  for (const r of rows) t.push(r);
  process.stdout.write(
    `${t.toString()}\ntarget: every device polled within one 60 s interval (concurrency ${CONCURRENCY}, max-repetitions ${MAX_REP}); snmpsimd answers at most ${SIM_MAX_VARBINDS} varbinds per GETBULK, as real agents shorten answers to their message size\n`,
  );
} finally {
  await Promise.all(sims.map((s) => s.stop()));
}
