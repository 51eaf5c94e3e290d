import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/child-binary.js';
import { freePortOn, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type RunningDaemon, startSnmpsim } from '../support/snmp-daemons.js';
import type { VigilProcess } from '../support/vigil-process.js';
import {
  metricValue,
  serverApi,
  startVigilServer,
  waitForLease,
  writeReplicaConfig,
} from '../support/vigil-server.js';

// This file owns 127.93.0.0/24 (Redis, the replicas) and 127.93.1.0/24 (the swept devices).
const HOST = '127.93.0.1';
const DEVICES = ['127.93.1.1', '127.93.1.2'];
/** An address of the range where nothing answers: its probe waits out the timeout, so a sweep lasts. */
const SILENT = '127.93.1.9';
const JOB = 'lab-sweep';
const MINUTE = 60_000;

/** The completed sweeps of the job in a replica's /metrics. */
async function completedSweeps(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`vigil_discovery_sweeps_total{job="${JOB}",outcome="completed"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Waits (bounded) until a replica has completed its first sweep of the job. */
function waitForFirstSweep(replica: VigilProcess, what: string, explain: () => string): Promise<true> {
  return waitFor(
    what,
    async () => ((await completedSweeps(replica.base)) === 1 ? true : undefined),
    20_000,
    explain,
    250,
  );
}

/**
 * Two real `vigil server` replicas on a private redis-server with a scheduled `snmp.discovery` of
 * two snmpsimd devices: only the timer-lease holder sweeps, the devices become CIs once, and when
 * the holder is stopped (SIGSTOP) the other replica takes the schedule over from the slot shared
 * in Redis, without sweeping that slot again.
 */
describe('vigil server runs scheduled discovery on the timer-lease holder only', () => {
  let dir: string;
  let redis: RedisServer;
  let raw: Redis;
  const devices: RunningDaemon[] = [];
  const replicas: VigilProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-server-discovery-'));
    const cisco = gunzipSync(
      readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
    ).toString();
    const neighbour = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'c2960x-neighbour.snmprec'),
      'utf8',
    );
    const [redisServer, ...sims] = await Promise.all([
      startRedisServer(undefined, { host: HOST }),
      startSnmpsim({ lab: cisco }, [{ host: DEVICES[0]!, port: 161 }], 'lab'),
      startSnmpsim({ lab: neighbour }, [{ host: DEVICES[1]!, port: 161 }], 'lab'),
    ]);
    redis = redisServer;
    devices.push(...sims);
    raw = new Redis(redis.url);
    raw.on('error', () => {});
  }, 90_000);
  afterAll(async () => {
    for (const replica of replicas) {
      const alive = replica.child.exitCode === null && replica.child.signalCode === null;
      if (alive) process.kill(replica.child.pid!, 'SIGCONT');
      await replica.kill('SIGKILL');
    }
    raw?.disconnect();
    await Promise.all(devices.map((d) => d.stop()));
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (name: string, snmp: string, prefix = name) =>
    writeReplicaConfig(join(dir, `${name}.yaml`), {
      url: redis.url,
      prefix,
      extra: `snmp:
  credentials: [{ name: lab, version: 2c, community: lab }]
${snmp}`,
    });
  const start = async (path: string) => {
    const replica = await startVigilServer(dir, path, await freePortOn(HOST), HOST);
    replicas.push(replica);
    return replica;
  };
  const outputs = () => replicas.map((r, i) => `--- replica ${i}\n${r.output().slice(-4000)}`).join('\n');
  const slotsKey = (prefix: string) => `{${prefix}}:discovery:slots`;
  const deviceCis = async (base: string) =>
    (
      (await serverApi(base, '/api/v1/cis?class=network_device&limit=100')).body.items as Array<{
        name: string;
      }>
    ).map((c) => c.name);

  it('refuses the snmp keys replicas do not run, naming the keys that do', async () => {
    const path = config(
      'traps',
      `  traps: { listen: "${HOST}:16162", credentials: [lab] }\n  discovery: [{ name: ${JOB}, range: "${DEVICES[0]}", credentials: [lab], every: 1m }]\n`,
    );
    const error = String(await start(path).catch((e: Error) => e));
    expect(error).toContain('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED');
    expect(error).toContain('Section snmp.traps');
    expect(error).toContain('runs only snmp.discovery');
    expect(error).toContain('`vigil agent` or `vigil run`');
  });

  it('one sweep per slot across both replicas, CIs once; the other replica takes the schedule over', async () => {
    const path = config(
      'sweep',
      `  discovery: [{ name: ${JOB}, range: "${DEVICES.join(', ')}", credentials: [lab], every: 1m, timeout: 1s, retries: 0 }]\n`,
    );
    const a = await start(path);
    await waitForFirstSweep(a, 'A sweeps at once', outputs);
    const b = await start(path);
    const firstSlot = Number(await raw.hget(slotsKey('sweep'), JOB));
    expect(firstSlot).toBeGreaterThan(0);
    const cis = await waitFor(
      'both devices in the CMDB',
      async () => {
        const names = await deviceCis(b.base);
        return names.length >= 2 ? names : undefined;
      },
      10_000,
      outputs,
    );
    expect(cis).toHaveLength(2);
    expect(new Set(cis).size).toBe(2);
    // B runs, but it does not hold the lease: it does not sweep.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await completedSweeps(b.base)).toBe(0);
    expect(await metricValue(b.base, 'vigil_lease_held')).toBe(0);

    process.kill(a.child.pid!, 'SIGSTOP');
    try {
      await waitForLease(b, 'B takes the lease', outputs);
      // The shared slot says the next sweep is a minute after A's: B does not sweep A's slot again.
      await new Promise((r) => setTimeout(r, 3000));
      expect(await metricValue(b.base, 'vigil_discovery_sweeps_total')).toBe(0);
      expect(Number(await raw.hget(slotsKey('sweep'), JOB))).toBe(firstSlot);

      // Drive the shared schedule instead of waiting a minute: the last slot moves back, so the
      // next slot of the grid falls 3 s from now; B sweeps it, from the shared record.
      const moved = Date.now() - MINUTE + 3000;
      await raw.hset(slotsKey('sweep'), JOB, String(moved));
      await waitForFirstSweep(b, 'B sweeps the next slot', outputs);
      expect(Number(await raw.hget(slotsKey('sweep'), JOB))).toBe(moved + MINUTE);
      expect(b.output()).toContain('discovery sweep finished');
    } finally {
      process.kill(a.child.pid!, 'SIGCONT');
    }
    // A resumes without the lease: it sweeps nothing more; two slots, two sweeps in all.
    await waitFor(
      'A sees it lost the lease',
      async () => (a.output().includes('lost the timer lease') ? true : undefined),
      10_000,
      outputs,
      200,
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(await metricValue(a.base, 'vigil_discovery_sweeps_total')).toBe(1);
    expect(await metricValue(b.base, 'vigil_discovery_sweeps_total')).toBe(1);
    const after = await deviceCis(a.base);
    expect(after).toHaveLength(2);
    expect(new Set(after)).toEqual(new Set(cis));
    expect(await a.kill('SIGTERM')).toBe(0);
    expect(await b.kill('SIGTERM')).toBe(0);
  }, 60_000);

  it('a holder stopped in the middle of a sweep writes nothing when it resumes; the slot is not swept twice', async () => {
    const prefix = 'mid-sweep';
    const path = config(
      prefix,
      `  discovery: [{ name: ${JOB}, range: "${[...DEVICES, SILENT].join(', ')}", credentials: [lab], every: 1m, timeout: 5s, retries: 0 }]\n`,
    );
    const a = await start(path);
    // The sweep starts at once; both devices answer at once, the silent address holds it for 5 s.
    await waitFor(
      'A probing',
      async () => (a.output().includes('discovery sweep probing addresses') ? true : undefined),
      20_000,
      outputs,
      50,
    );
    process.kill(a.child.pid!, 'SIGSTOP');
    expect(a.output()).not.toContain('discovery sweep finished');
    const b = await start(path);
    let resumed = false;
    try {
      await waitForLease(b, 'B takes the lease', outputs);
      process.kill(a.child.pid!, 'SIGCONT');
      resumed = true;
    } finally {
      if (!resumed) process.kill(a.child.pid!, 'SIGCONT');
    }
    // A's sweep ends after its lease did: cancelled, nothing written; B does not sweep A's slot.
    await waitFor(
      "A's sweep cancelled",
      async () =>
        a.output().includes('discovery sweep cancelled because the timer lease was lost') ? true : undefined,
      15_000,
      outputs,
      200,
    );
    expect(await metricValue(a.base, 'vigil_discovery_sweeps_total')).toBe(1);
    expect(await metricValue(b.base, 'vigil_discovery_sweeps_total')).toBe(0);
    expect(await deviceCis(b.base)).toEqual([]);
    // The schedule goes on from the shared slot: B sweeps the next one (moved 2 s away).
    const taken = Number(await raw.hget(slotsKey(prefix), JOB));
    await raw.hset(slotsKey(prefix), JOB, String(Date.now() - MINUTE + 2000));
    expect(taken).toBeGreaterThan(0);
    await waitForFirstSweep(b, 'B sweeps the next slot', outputs);
    expect(await deviceCis(b.base)).toHaveLength(2);
    expect(await metricValue(a.base, 'vigil_discovery_sweeps_total')).toBe(1);
    expect(await a.kill('SIGTERM')).toBe(0);
    expect(await b.kill('SIGTERM')).toBe(0);
  }, 60_000);
});
