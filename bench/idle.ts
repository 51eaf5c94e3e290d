/**
 * `npm run bench:idle`: what an idle `vigil run` costs on this machine.
 * 1. The CPU time of one host collection cycle (the fast probe cycle, after warm-up), measured
 *    in-process over several cycles: this process's CPU, and with the child processes
 *    systeminformation spawns (`df`, `ps`...) added from /proc/self/stat.
 * 2. The RSS of the real `vigil run` process (no config, monitoring the local host) sampled for
 *    `--minutes` (default 10).
 * Options: --minutes N, --cycles N (default 10).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { HostProbe } from '../collector/host/host-probe.js';
import { loadOsPort, loadSystemInformation } from '../collector/host/system-information-port.js';
import { childCpuMs, freePortFor, quantileOf, rssOf } from './support/process-stats.js';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, cycles: { type: 'string', default: '10' } },
});
const MINUTES = Number(values.minutes);
const CYCLES = Number(values.cycles);

// 1. One host collection cycle.
const [si, os] = await Promise.all([loadSystemInformation(), loadOsPort()]);
const probe = new HostProbe({ si, os });
const pause = () => new Promise((r) => setTimeout(r, 1100));
for (let i = 0; i < 2; i++) {
  await probe.fast();
  await pause();
}
const wall: number[] = [];
const selfCpu: number[] = [];
const totalCpu: number[] = [];
for (let i = 0; i < CYCLES; i++) {
  const cpu0 = process.cpuUsage();
  const child0 = childCpuMs();
  const t0 = performance.now();
  await probe.fast();
  wall.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const self = (cpu.user + cpu.system) / 1000;
  selfCpu.push(self);
  totalCpu.push(self + childCpuMs() - child0);
  await pause();
}
const cycleTable = new Table({ head: ['host cycle (fast probe)', 'median', 'max'] });
cycleTable.push(
  ['wall ms', quantileOf(wall, 0.5).toFixed(1), Math.max(...wall).toFixed(1)],
  ['CPU ms, vigil process', quantileOf(selfCpu, 0.5).toFixed(1), Math.max(...selfCpu).toFixed(1)],
  ['CPU ms, incl. child processes', quantileOf(totalCpu, 0.5).toFixed(1), Math.max(...totalCpu).toFixed(1)],
);
console.log(`host collection cycle over ${CYCLES} cycles (target: CPU < 50 ms)`);
console.log(cycleTable.toString());

// 2. Idle vigil run RSS.
const dir = mkdtempSync(join(tmpdir(), 'vigil-idle-'));
const port = await freePortFor();
const bin = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const child = spawn(
  process.execPath,
  [bin, 'run', '--data-dir', dir, '--listen', `127.0.0.1:${port}`, '--log-level', 'warn'],
  {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'ignore'],
  },
);
const samples: Array<[number, number]> = [];
const started = Date.now();
try {
  await new Promise((r) => setTimeout(r, 5000));
  while (Date.now() - started < MINUTES * 60_000) {
    if (child.exitCode !== null) throw new Error(`vigil run exited with ${child.exitCode}`);
    samples.push([(Date.now() - started) / 60_000, rssOf(child.pid!)]);
    await new Promise((r) => setTimeout(r, 15_000));
  }
  samples.push([(Date.now() - started) / 60_000, rssOf(child.pid!)]);
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
const rssTable = new Table({ head: ['minute', 'RSS MB'] });
const marks = [0, 1, 2, 5, 10, 15, 30, 60].filter((m) => m <= MINUTES);
for (const m of marks) {
  const sample = samples.find(([t]) => t >= m) ?? samples[samples.length - 1]!;
  rssTable.push([sample[0].toFixed(1), (sample[1] / 1048576).toFixed(1)]);
}
const last = samples[samples.length - 1]![1] / 1048576;
const max = Math.max(...samples.map(([, r]) => r)) / 1048576;
console.log(`idle vigil run RSS over ${MINUTES} min (target: < 120 MB after 10 min)`);
console.log(rssTable.toString());
console.log(`final RSS ${last.toFixed(1)} MB, max ${max.toFixed(1)} MB -> ${last < 120 ? 'met' : 'NOT met'}`);
