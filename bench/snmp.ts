/**
 * `npm run bench:snmp`: the SNMP collector against real agents on this machine.
 * 1. A full walk (`.1.3.6.1`) of the Debian snmpd, vigil's SnmpClient vs `snmpbulkwalk` with the
 *    same max-repetitions, alternated, median of --runs (target: vigil <= 1.3x snmpbulkwalk).
 * 2. Interface tables (ifTable + ifXTable) of --devices simulated devices (snmpsimd serving the
 *    Cisco 3750 recording on that many loopback addresses), polled through the session pool:
 *    wall time, CPU time and RSS (target: within one 60-second interval).
 * Options: --runs N (default 5), --devices N (default 200), --max-repetitions N (default 25),
 * --concurrency N (default 50). Addresses: 127.4.6.1 (snmpd), 127.4.7.1.. (snmpsim).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import Table from 'cli-table3';
import { SnmpClient } from '../collector/snmp/client.js';
import { SnmpClientPool } from '../collector/snmp/client-pool.js';
import { mapInterfaces } from '../collector/snmp/map-interfaces.js';
import { OIDS } from '../collector/snmp/oids.js';
import { benchSnmpd, benchSnmpsim, NET_SNMP_ENV } from './support/snmp-agents.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    devices: { type: 'string', default: '200' },
    'max-repetitions': { type: 'string', default: '25' },
    concurrency: { type: 'string', default: '50' },
  },
});
const RUNS = Number(values.runs);
const DEVICES = Number(values.devices);
const MAX_REP = Number(values['max-repetitions']);
const CONCURRENCY = Number(values.concurrency);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// 1. Full walk: vigil vs snmpbulkwalk.
const SNMPD = { host: '127.4.6.1', port: 16161 };
const snmpd = await benchSnmpd(SNMPD.host, SNMPD.port, 'bench');
const cliRuns: number[] = [];
const ourRuns: number[] = [];
let cliLines = 0;
let ourVarbinds = 0;
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
        cliLines = lines;
        resolve(performance.now() - started);
      });
    });
  const ours = async () => {
    const started = performance.now();
    const client = new SnmpClient(
      SNMPD,
      { name: 'b', version: '2c', community: 'bench' },
      { maxRepetitions: MAX_REP },
    );
    try {
      ourVarbinds = (await client.walk('1.3.6.1')).length;
    } finally {
      client.close();
    }
    return performance.now() - started;
  };
  await cli();
  await ours();
  for (let i = 0; i < RUNS; i++) {
    cliRuns.push(await cli());
    ourRuns.push(await ours());
  }
} finally {
  await snmpd.stop();
}
const walkTable = new Table({ head: ['full walk .1.3.6.1', `median of ${RUNS} (ms)`, 'min (ms)', 'values'] });
walkTable.push(
  [
    `snmpbulkwalk -Cr${MAX_REP} (process incl. start-up)`,
    median(cliRuns).toFixed(0),
    Math.min(...cliRuns).toFixed(0),
    cliLines,
  ],
  [
    `vigil SnmpClient.walk, max-repetitions ${MAX_REP}`,
    median(ourRuns).toFixed(0),
    Math.min(...ourRuns).toFixed(0),
    ourVarbinds,
  ],
);
process.stdout.write(
  `${walkTable.toString()}\nratio vigil / snmpbulkwalk (medians): ${(median(ourRuns) / median(cliRuns)).toFixed(2)} (target <= 1.3)\n\n`,
);

// 2. Interface tables of DEVICES simulated devices.
const recording = gunzipSync(
  readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
).toString();
const endpoints = Array.from({ length: DEVICES }, (_, i) => ({
  host: `127.4.7.${1 + (i % 250)}`.replace(/^127\.4\.7\./, `127.4.${7 + Math.floor(i / 250)}.`),
  port: 161,
}));
const sim = await benchSnmpsim(recording, 'bench', endpoints);
try {
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
          const client = pool.client(e, credential);
          try {
            const vbs = [...(await client.walk(OIDS.ifEntry)), ...(await client.walk(OIDS.ifXEntry))];
            interfaces += mapInterfaces(vbs).length;
          } catch {
            failed++;
          }
        }),
      ),
    );
    return { interfaces, failed };
  };
  const rows: Array<[string, string, string, string, string, string]> = [];
  for (const label of ['first poll (sessions opened)', 'second poll (sessions reused)']) {
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const r = await pollAll();
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    rows.push([
      label,
      (wall / 1000).toFixed(1),
      ((cpu.user + cpu.system) / 1e6).toFixed(1),
      (process.memoryUsage().rss / 2 ** 20).toFixed(0),
      String(r.interfaces),
      String(r.failed),
    ]);
  }
  pool.close();
  const t = new Table({
    head: [
      `${DEVICES} devices, ifTable+ifXTable`,
      'wall (s)',
      'vigil CPU (s)',
      'RSS (MiB)',
      'interfaces',
      'failed',
    ],
  });
  for (const r of rows) t.push(r);
  process.stdout.write(
    `${t.toString()}\ntarget: every device polled within one 60 s interval; snmpsimd (Python) answers all ${DEVICES} addresses from one process, so it is usually the bottleneck\n`,
  );
} finally {
  await sim.stop();
}
