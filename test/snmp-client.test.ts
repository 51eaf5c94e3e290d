import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnmpClient } from '../collector/snmp/client.js';
import { SnmpClientPool } from '../collector/snmp/client-pool.js';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { findBinary } from './support/child-binary.js';
import {
  type RunningDaemon,
  runTool,
  SNMPD_V2C,
  SNMPD_V3,
  SNMPD_V3_SHA256,
  startSnmpd,
} from './support/snmp-daemons.js';

// The engineer's loopback range is 127.4.0.0/16; this file owns 127.4.1.1.
const HOST = '127.4.1.1';
const PORT = 16161;
let snmpd: RunningDaemon;

beforeAll(async () => {
  snmpd = await startSnmpd(HOST, PORT);
});
afterAll(async () => {
  await snmpd?.stop();
});

describe('SnmpClient against the real Debian snmpd', () => {
  it('gets system scalars over v2c, and noSuchObject is an answer (null), not an error', async () => {
    const client = new SnmpClient({ host: HOST, port: PORT }, SNMPD_V2C);
    try {
      const got = await client.get(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.6.0', '1.3.6.1.2.1.1.99.0']);
      expect(got.get('1.3.6.1.2.1.1.5.0')?.value).toEqual(Buffer.from('vigil-test-snmpd'));
      expect(got.get('1.3.6.1.2.1.1.6.0')?.value).toEqual(Buffer.from('vigil-lab'));
      expect(got.get('1.3.6.1.2.1.1.99.0')).toBeNull();
    } finally {
      client.close();
    }
  });

  it.each([
    ['v3 authPriv SHA/AES', SNMPD_V3],
    ['v3 authPriv SHA-256/AES', SNMPD_V3_SHA256],
  ])('walks over %s', async (_label, credential) => {
    const client = new SnmpClient({ host: HOST, port: PORT }, credential);
    try {
      const system = await client.walk('1.3.6.1.2.1.1');
      expect(system.find((v) => v.oid === '1.3.6.1.2.1.1.5.0')?.value).toEqual(
        Buffer.from('vigil-test-snmpd'),
      );
    } finally {
      client.close();
    }
  });

  it('walks a subtree exactly like snmpbulkwalk with the same max-repetitions', async () => {
    const bin = findBinary(['snmpbulkwalk'], 'snmp');
    const cli = await runTool(bin, [
      '-v2c',
      '-c',
      'vigil-lab',
      '-Cr10',
      '-On',
      '-Oq',
      `${HOST}:${PORT}`,
      '.1.3.6.1.2.1.2',
    ]);
    expect(cli.code).toBe(0);
    const cliOids = cli.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[0]!.replace(/^\./, ''));
    const client = new SnmpClient({ host: HOST, port: PORT }, SNMPD_V2C, { maxRepetitions: 10 });
    try {
      const ours = await client.walk('1.3.6.1.2.1.2');
      expect(ours.map((v) => v.oid)).toEqual(cliOids);
      expect(ours.length).toBeGreaterThan(10);
    } finally {
      client.close();
    }
  });

  it('walks over v1 with GETNEXT', async () => {
    const client = new SnmpClient({ host: HOST, port: PORT }, { ...SNMPD_V2C, version: '1' } as never);
    try {
      const rows = await client.walk('1.3.6.1.2.1.1');
      expect(rows.some((v) => v.oid === '1.3.6.1.2.1.1.3.0')).toBe(true);
    } finally {
      client.close();
    }
  });

  it('a wrong community is a timeout with a hint to check the community', async () => {
    const client = new SnmpClient(
      { host: HOST, port: PORT },
      { name: 'x', version: '2c', community: 'wrong' },
      {
        timeoutMs: 300,
        retries: 0,
      },
    );
    try {
      const error = await client.get(['1.3.6.1.2.1.1.5.0']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VigilError);
      expect((error as VigilError).code).toBe('VIGIL_ERR_SNMP_TIMEOUT');
      expect((error as VigilError).message).toContain('community');
    } finally {
      client.close();
    }
  });

  it('a wrong v3 privacy key is reported as a timeout that names the privKey', async () => {
    const client = new SnmpClient(
      { host: HOST, port: PORT },
      { ...SNMPD_V3, privKey: 'not-the-key' } as never,
      { timeoutMs: 300, retries: 0 },
    );
    try {
      const error = (await client.get(['1.3.6.1.2.1.1.5.0']).catch((e: unknown) => e)) as VigilError;
      expect(error.code).toBe('VIGIL_ERR_SNMP_TIMEOUT');
      expect(error.message).toContain('privKey');
    } finally {
      client.close();
    }
  });

  it('the pool reuses one session per device and credential set and limits concurrency', async () => {
    const pool = new SnmpClientPool({ concurrency: 2 });
    try {
      const a = pool.client({ host: HOST, port: PORT }, SNMPD_V2C);
      expect(pool.client({ host: HOST, port: PORT }, SNMPD_V2C)).toBe(a);
      expect(pool.client({ host: HOST, port: PORT }, SNMPD_V3)).not.toBe(a);
      let peak = 0;
      let running = 0;
      await Promise.all(
        Array.from({ length: 6 }, () =>
          pool.run(async () => {
            running++;
            peak = Math.max(peak, running);
            await a.get(['1.3.6.1.2.1.1.3.0']);
            running--;
          }),
        ),
      );
      expect(peak).toBe(2);
      expect(pool.size).toBe(2);
    } finally {
      pool.close();
    }
  });
});
