import { describe, expect, it } from 'vitest';
import { SnmpClient } from './client.js';
import type { RawSession } from './net-snmp-session.js';

const CRED = { name: 'lab', version: '2c' as const, community: 'x' };
const COL = (c: number) => `1.3.6.1.2.1.2.2.1.${c}`;

/**
 * A fake agent over a sorted OID list that answers multi-OID GETBULK like a real one (each
 * requested OID gets its next OIDs, crossing column ends), optionally shortening answers to at
 * most `capRows` repetitions (as snmpd does to fit its message size) or refusing with tooBig above
 * a size.
 */
function agent(oids: string[], o: { capRows?: number; tooBigAbove?: number } = {}) {
  const requests: Array<{ oids: string[]; maxRep: number }> = [];
  const sorted = [...oids];
  const after = (oid: string) => {
    const a = oid.split('.').map(Number);
    return sorted.findIndex((x) => {
      const b = x.split('.').map(Number);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return b[i]! > a[i]!;
      return b.length > a.length;
    });
  };
  const session: RawSession = {
    get: (_o, cb) => cb(null, []),
    getNext: (_o, cb) => cb(null, []),
    getBulk: (req, _nr, maxRep, cb) => {
      requests.push({ oids: [...req], maxRep });
      if (o.tooBigAbove !== undefined && req.length * maxRep > o.tooBigAbove) {
        cb(Object.assign(new Error('Too big'), { name: 'RequestFailedError', status: 1 }));
        return;
      }
      const reps = Math.min(maxRep, o.capRows ?? maxRep);
      cb(
        null,
        req.map((oid) => {
          const start = after(oid);
          if (start < 0) return [{ oid, type: 130, value: null }];
          return sorted.slice(start, start + reps).map((x) => ({ oid: x, type: 2, value: 1 }));
        }),
      );
    },
    close: () => {},
  };
  return { session, requests };
}

// Columns 2 and 3 with 40 rows, column 5 with 3 rows, then another table after the columns.
const OIDS = [
  ...Array.from({ length: 40 }, (_, i) => `${COL(2)}.${i + 1}`),
  ...Array.from({ length: 40 }, (_, i) => `${COL(3)}.${i + 1}`),
  ...Array.from({ length: 3 }, (_, i) => `${COL(5)}.${i + 1}`),
  '1.3.6.1.2.1.4.20.1.1.10.0.0.1',
];

describe('SnmpClient.walkColumns', () => {
  it('walks columns side by side in few requests and returns exactly each column', async () => {
    const a = agent(OIDS);
    const client = new SnmpClient({ host: 'fake', port: 161 }, CRED, { maxRepetitions: 10 }, () => a.session);
    const got = await client.walkColumns([COL(2), COL(3), COL(5), COL(9)]);
    expect(got.map((v) => v.oid)).toEqual(OIDS.slice(0, 83));
    // 4 columns at once: 5 requests for 40 rows at 10 (the 5th sees the columns end), where one
    // walk per column would take 5 + 5 + 1 + 1.
    expect(a.requests).toHaveLength(5);
    expect(a.requests[0]!.oids).toEqual([COL(2), COL(3), COL(5), COL(9)]);
    // Finished columns (5 after 3 rows, 9 empty) are not asked again.
    expect(a.requests[1]!.oids).toEqual([`${COL(2)}.10`, `${COL(3)}.10`]);
  });

  it('continues through answers the agent shortened to fewer repetitions', async () => {
    const a = agent(OIDS, { capRows: 3 });
    const client = new SnmpClient({ host: 'fake', port: 161 }, CRED, { maxRepetitions: 25 }, () => a.session);
    const got = await client.walkColumns([COL(2), COL(3)]);
    expect(got).toHaveLength(80);
    expect(a.requests.length).toBe(14);
  });

  it('halves its repetitions on tooBig and still returns everything', async () => {
    const a = agent(OIDS, { tooBigAbove: 16 });
    const client = new SnmpClient({ host: 'fake', port: 161 }, CRED, { maxRepetitions: 25 }, () => a.session);
    const got = await client.walkColumns([COL(2), COL(3)]);
    expect(got).toHaveLength(80);
    // 2 columns x 6 repetitions fit under the agent's limit of 16 varbinds.
    expect(a.requests.map((r) => r.maxRep)).toEqual([25, 12, 6, 6, 6, 6, 6, 6, 6]);
    // Plain walks keep their own max-repetitions.
    expect(client.maxRepetitions).toBe(25);
  });

  it('stops a column at endOfMibView', async () => {
    const a = agent(OIDS.slice(0, 40));
    const client = new SnmpClient({ host: 'fake', port: 161 }, CRED, { maxRepetitions: 25 }, () => a.session);
    expect(await client.walkColumns([COL(2)])).toHaveLength(40);
  });

  it('fails with VIGIL_ERR_SNMP_WALK_LIMIT past maxVarbinds', async () => {
    const a = agent(OIDS);
    const client = new SnmpClient(
      { host: 'fake', port: 161 },
      CRED,
      { maxRepetitions: 25, maxVarbinds: 30 },
      () => a.session,
    );
    await expect(client.walkColumns([COL(2), COL(3)])).rejects.toMatchObject({
      code: 'VIGIL_ERR_SNMP_WALK_LIMIT',
    });
  });
});
