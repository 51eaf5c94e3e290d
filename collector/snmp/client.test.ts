import { describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { SnmpClient } from './client.js';
import type { RawSession, SessionOptions } from './net-snmp-session.js';
import type { HostLookup } from './snmp-transport.js';

const CRED = { name: 'lab', version: '2c' as const, community: 'x' };

/**
 * A fake agent over a sorted list of OIDs, for faults the real snmpd cannot be made to produce on
 * demand: tooBig above a response size, OIDs that do not move forward, socket errors.
 */
function fakeAgent(
  oids: string[],
  behaviour: { tooBigAbove?: number; stuck?: boolean; throwOnGet?: boolean } = {},
) {
  const calls: number[] = [];
  const session: RawSession = {
    get: (_o, cb) => {
      if (behaviour.throwOnGet) throw new Error('socket closed');
      cb(null, []);
    },
    getNext: (_o, cb) => cb(null, []),
    getBulk: (req, _nr, maxRep, cb) => {
      calls.push(maxRep);
      if (behaviour.tooBigAbove !== undefined && maxRep > behaviour.tooBigAbove) {
        cb(Object.assign(new Error('Too big'), { name: 'RequestFailedError', status: 1 }));
        return;
      }
      const start = behaviour.stuck ? 0 : oids.indexOf(req[0]!) + 1;
      const rows = oids.slice(start, start + maxRep).map((oid) => ({ oid, type: 2, value: 1 }));
      if (rows.length < maxRep) rows.push({ oid: req[0]!, type: 130, value: 0 });
      cb(null, [rows]);
    },
    close: () => {},
  };
  return { session, calls };
}

const table = Array.from({ length: 100 }, (_, i) => `1.3.6.1.2.1.2.2.1.1.${i + 1}`);

describe('SnmpClient transport', () => {
  it('opens its session over udp6 for a name with only IPv6 addresses, and decides again after a failed lookup', async () => {
    // The name does not resolve at first (DNS down at start), then resolves to IPv6 only.
    let resolvable = false;
    const lookup = ((_host: string, _options: unknown, callback: (...args: unknown[]) => void) => {
      if (resolvable) callback(null, [{ address: '2001:db8::10', family: 6 }]);
      else callback(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), []);
    }) as unknown as HostLookup;
    const opened: Array<SessionOptions['transport']> = [];
    const closed: number[] = [];
    const factory = (options: SessionOptions): RawSession => {
      const n = opened.push(options.transport);
      const { session } = fakeAgent([]);
      return {
        ...session,
        // The udp4 session cannot reach an IPv6-only name: its request fails as the socket would.
        get: (_o, cb) => (options.transport === 'udp4' ? cb(new Error('send EINVAL')) : cb(null, [])),
        close: () => void closed.push(n),
      };
    };
    const client = new SnmpClient({ host: 'v6-only.example', port: 161 }, CRED, {}, factory, lookup);
    await expect(client.get(['1.3.6.1.2.1.1.5.0'])).rejects.toBeInstanceOf(VigilError);
    resolvable = true;
    await client.get(['1.3.6.1.2.1.1.5.0']);
    expect(opened).toEqual(['udp4', 'udp6']);
    expect(closed).toEqual([1]);
    // Closing closes the session in use; nothing is reopened.
    client.close();
    await new Promise((r) => setImmediate(r));
    expect(opened).toEqual(['udp4', 'udp6']);
    expect(closed).toEqual([1, 2]);
  });
});

describe('SnmpClient faults', () => {
  it('on tooBig halves max-repetitions and finishes the walk', async () => {
    const agent = fakeAgent(table, { tooBigAbove: 6 });
    const client = new SnmpClient(
      { host: 'fake', port: 161 },
      CRED,
      { maxRepetitions: 25 },
      () => agent.session,
    );
    const rows = await client.walk('1.3.6.1.2.1.2.2.1.1');
    expect(rows).toHaveLength(100);
    expect(client.maxRepetitions).toBe(6);
    expect(agent.calls.slice(0, 3)).toEqual([25, 12, 6]);
  });

  it('tooBig even at one repetition is an SNMP_REQUEST error', async () => {
    const agent = fakeAgent(table, { tooBigAbove: 0 });
    const client = new SnmpClient(
      { host: 'fake', port: 161 },
      CRED,
      { maxRepetitions: 4 },
      () => agent.session,
    );
    const error = (await client.walk('1.3.6.1.2.1.2.2.1.1').catch((e: unknown) => e)) as VigilError;
    expect(error).toBeInstanceOf(VigilError);
    expect(error.code).toBe('VIGIL_ERR_SNMP_REQUEST');
  });

  it('an agent that does not move forward ends the walk instead of looping', async () => {
    const agent = fakeAgent(table, { stuck: true });
    const client = new SnmpClient(
      { host: 'fake', port: 161 },
      CRED,
      { maxRepetitions: 10 },
      () => agent.session,
    );
    const rows = await client.walk('1.3.6.1.2.1.2.2.1.1');
    expect(rows).toHaveLength(10);
    expect(agent.calls).toHaveLength(2);
  });

  it('stops with WALK_LIMIT when a walk exceeds maxVarbinds', async () => {
    const agent = fakeAgent(table);
    const client = new SnmpClient(
      { host: 'fake', port: 161 },
      CRED,
      { maxVarbinds: 30 },
      () => agent.session,
    );
    const error = (await client.walk('1.3.6.1.2.1.2.2.1.1').catch((e: unknown) => e)) as VigilError;
    expect(error.code).toBe('VIGIL_ERR_SNMP_WALK_LIMIT');
  });

  it('a session that throws synchronously, or is closed, rejects with a VigilError', async () => {
    const agent = fakeAgent(table, { throwOnGet: true });
    const client = new SnmpClient({ host: 'fake', port: 161 }, CRED, {}, () => agent.session);
    expect(((await client.get(['1.3.6.1.2.1.1.5.0']).catch((e: unknown) => e)) as VigilError).code).toBe(
      'VIGIL_ERR_SNMP_REQUEST',
    );
    client.close();
    client.close();
    expect(((await client.walk('1.3').catch((e: unknown) => e)) as VigilError).message).toContain('closed');
  });
});
