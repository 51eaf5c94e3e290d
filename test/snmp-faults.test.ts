import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnmpClient } from '../collector/snmp/client.js';
import type { VigilError } from '../correlator/errors/vigil-error.js';
import { type RunningDaemon, startSnmpsim } from './support/snmp-daemons.js';

// This file owns 127.4.3.0/24 of the engineer's loopback range.
const HOST = '127.4.3.1';
let sim: RunningDaemon;

beforeAll(async () => {
  const cisco = gunzipSync(
    readFileSync('/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz'),
  ).toString();
  sim = await startSnmpsim({ lab: cisco }, [{ host: HOST, port: 161 }], 'lab');
}, 120_000);
afterAll(async () => {
  const pid = sim?.child.child.pid;
  if (pid) process.kill(pid, 'SIGCONT');
  await sim?.stop();
});

describe('a real agent that stops answering mid-walk', () => {
  it('fails the walk with SNMP_TIMEOUT instead of returning a half table, and the next walk works', async () => {
    const pid = sim.child.child.pid!;
    const client = new SnmpClient(
      { host: HOST, port: 161 },
      { name: 'lab', version: '2c', community: 'lab' },
      {
        maxRepetitions: 2,
        timeoutMs: 500,
        retries: 0,
      },
    );
    try {
      // cpmCPUTotal/cisco process tables: thousands of rows at 2 per request take seconds to walk.
      const walk = client.walk('1.3.6.1.4.1.9.9.109');
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid, 'SIGSTOP');
      const error = (await walk.catch((e: unknown) => e)) as VigilError;
      process.kill(pid, 'SIGCONT');
      expect(error.code).toBe('VIGIL_ERR_SNMP_TIMEOUT');
      const system = await client.walk('1.3.6.1.2.1.1');
      expect(system.length).toBeGreaterThan(5);
    } finally {
      process.kill(pid, 'SIGCONT');
      client.close();
    }
  });

  it('a GET of objects the agent lacks yields null per OID', async () => {
    const client = new SnmpClient(
      { host: HOST, port: 161 },
      { name: 'lab', version: '2c', community: 'lab' },
    );
    try {
      const got = await client.get(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.25.1.1.0']);
      expect(got.get('1.3.6.1.2.1.1.5.0')?.value).toEqual(Buffer.from('Profiler3750'));
      expect(got.get('1.3.6.1.2.1.25.1.1.0')).toBeNull();
      expect(await client.walk('1.3.6.1.2.1.25.2.3.1')).toEqual([]);
    } finally {
      client.close();
    }
  });
});
