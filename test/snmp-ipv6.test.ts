import { lookup as dnsLookup } from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../bin/commands/discover.js';
import type { DiscoveryReport } from '../collector/discovery/discovery-report.js';
import { SnmpClient } from '../collector/snmp/client.js';
import type { SnmpCredential } from '../collector/snmp/credential.js';
import { netSnmpSession } from '../collector/snmp/net-snmp-session.js';
import type { HostLookup } from '../collector/snmp/snmp-transport.js';
import { TrapReceiver } from '../collector/snmp/trap-receiver.js';
import type { NativeEvent } from '../correlator/model/event.js';
import { findBinary, waitFor } from './support/child-binary.js';
import {
  freeUdpPort,
  type RunningDaemon,
  runTool,
  SNMPD_V2C,
  SNMPD_V3,
  startSnmpd,
} from './support/snmp-daemons.js';

/** SNMP over IPv6: the real snmpd on udp6:[::1]:PORT, and traps from snmptrap to udp6:[::1]:PORT. */
const V6 = '::1';
let snmpd: RunningDaemon;
let dataDir: string;

beforeAll(async () => {
  snmpd = await startSnmpd(V6, await freeUdpPort(V6));
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-snmp-v6-'));
}, 60_000);
afterAll(async () => {
  await snmpd?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('polling and discovery over IPv6', () => {
  it.each([
    ['v2c', SNMPD_V2C],
    ['v3 authPriv', SNMPD_V3],
  ])('%s: get and a walk equal to snmpbulkwalk over udp6', async (_what, credential) => {
    const client = new SnmpClient({ host: V6, port: snmpd.port }, credential);
    try {
      const got = await client.get(['1.3.6.1.2.1.1.5.0']);
      expect(String(got.get('1.3.6.1.2.1.1.5.0')?.value)).toBe('vigil-test-snmpd');
      const ours = await client.walk('1.3.6.1.2.1.1');
      const cli = await runTool(findBinary(['snmpbulkwalk'], 'snmp'), [
        '-v2c',
        '-c',
        (SNMPD_V2C as { community: string }).community,
        '-On',
        '-Cr25',
        `udp6:[${V6}]:${snmpd.port}`,
        '.1.3.6.1.2.1.1',
      ]);
      expect(cli.code).toBe(0);
      const cliOids = cli.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' = ')[0]!.slice(1));
      // sysUpTime ticks between the two walks; the OIDs are what must agree.
      expect(ours.map((v) => v.oid)).toEqual(cliOids);
    } finally {
      client.close();
    }
  });

  it('a host name with only an IPv6 address is polled over udp6 (a udp4 socket cannot reach it)', async () => {
    // No name on this machine resolves to ::1 alone (/etc/hosts is not ours to edit), so the name
    // is resolved by an injected lookup; the socket resolves through the same one, as it would
    // through dns.lookup in production.
    const NAME = 'v6-only.vigil.test';
    const asked: unknown[] = [];
    const lookup = ((host: string, options: unknown, callback: (...args: unknown[]) => void) => {
      asked.push(options);
      // Everything else (the socket's own bind to '::') resolves as it does in production.
      if (host !== NAME) return (dnsLookup as (...args: unknown[]) => void)(host, options, callback);
      // Two call shapes: ours ({ all: true }) and dgram's (the family number, one address).
      if (typeof options === 'object' && (options as { all?: boolean }).all)
        return callback(null, [{ address: V6, family: 6 }]);
      return callback(null, V6, 6);
    }) as unknown as HostLookup;
    const client = new SnmpClient({ host: NAME, port: snmpd.port }, SNMPD_V2C, {}, netSnmpSession, lookup);
    try {
      const got = await client.get(['1.3.6.1.2.1.1.5.0']);
      expect(String(got.get('1.3.6.1.2.1.1.5.0')?.value)).toBe('vigil-test-snmpd');
      expect(client.host).toBe(NAME);
      // The transport choice asked for every address; the udp6 socket for an IPv6 one.
      expect(asked).toEqual(expect.arrayContaining([{ all: true }, 6]));
    } finally {
      client.close();
    }
  });

  it('vigil discover [::1]:PORT finds the agent; a /64 is refused before anything is probed', async () => {
    let text = '';
    const out = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
    const base = {
      snmpCommunity: [(SNMPD_V2C as { community: string }).community],
      concurrency: 4,
      timeoutMs: 1000,
      retries: 0,
      maxRepetitions: 25,
      crawl: false,
      json: true,
      dryRun: true,
      dataDir,
      out,
      err: out,
    };
    expect(await discover({ ...base, targets: [`[${V6}]:${snmpd.port}`] })).toBe(0);
    const report = JSON.parse(text) as DiscoveryReport;
    expect(report.devices).toEqual([expect.objectContaining({ address: V6, name: 'vigil-test-snmpd' })]);
    await expect(discover({ ...base, targets: ['fd00:4::/64'] })).rejects.toMatchObject({
      code: 'VIGIL_ERR_DISCOVER_TARGET',
      message: expect.stringContaining('IPv6 range larger than /112'),
    });
  }, 60_000);
});

describe('trap receiver on udp6 [::1]', () => {
  const credentials: SnmpCredential[] = [
    { name: 'lab', version: '2c', community: 'trap-lab6' },
    {
      name: 'core',
      version: '3',
      user: 'trapuser6',
      authProtocol: 'sha',
      authKey: 'authpass123',
      privProtocol: 'aes',
      privKey: 'privpass123',
    },
  ];
  const events: NativeEvent[] = [];
  const senders: string[] = [];
  let receiver: TrapReceiver;
  let target: string;

  beforeAll(async () => {
    const port = await freeUdpPort(V6);
    target = `udp6:[${V6}]:${port}`;
    receiver = new TrapReceiver({
      host: V6,
      port,
      credentials,
      engineID: '8000B98380AABBCCDDEEFF0066',
      resolveSender: async (address) => {
        senders.push(address);
        return address === V6 ? 'v6-switch' : null;
      },
      onEvents: async (batch) => {
        events.push(...batch);
      },
    });
    await receiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  const next = (n: number) =>
    waitFor(
      'a trap event',
      async () => events[n],
      10_000,
      () => JSON.stringify(receiver.counts),
    );

  it('accepts v2c and v3 traps and a v2c inform from snmptrap/snmpinform, bound to the sender by its v6 address', async () => {
    const snmptrap = findBinary(['snmptrap'], 'snmp');
    const linkDown = ['.1.3.6.1.6.3.1.1.5.3', '.1.3.6.1.2.1.2.2.1.1.4', 'i', '4'];
    expect((await runTool(snmptrap, ['-v2c', '-c', 'trap-lab6', target, '', ...linkDown])).code).toBe(0);
    expect(await next(0)).toMatchObject({
      resource: 'v6-switch',
      check: 'interface.oper_status',
      status: 'firing',
    });
    const v3 = ['-v3', '-e', '0x8000000001020366', '-u', 'trapuser6', '-l', 'authPriv'];
    const keys = ['-a', 'SHA', '-A', 'authpass123', '-x', 'AES', '-X', 'privpass123'];
    expect((await runTool(snmptrap, [...v3, ...keys, target, '', '.1.3.6.1.6.3.1.1.5.1'])).code).toBe(0);
    expect(await next(1)).toMatchObject({ resource: 'v6-switch', check: 'device.restart' });
    const inform = await runTool(findBinary(['snmpinform'], 'snmp'), [
      '-v2c',
      '-c',
      'trap-lab6',
      '-t',
      '2',
      '-r',
      '1',
      target,
      '',
      '.1.3.6.1.6.3.1.1.5.4',
      '.1.3.6.1.2.1.2.2.1.1.4',
      'i',
      '4',
    ]);
    expect(inform.code).toBe(0);
    expect(await next(2)).toMatchObject({ resource: 'v6-switch', status: 'resolved' });
    expect(senders.every((s) => s === V6)).toBe(true);
    expect(receiver.counts.accepted).toBe(3);
  });

  it('refuses a wrong community over udp6 and counts it', async () => {
    const before = receiver.counts.refused_community ?? 0;
    await runTool(findBinary(['snmptrap'], 'snmp'), [
      '-v2c',
      '-c',
      'wrong',
      target,
      '',
      '.1.3.6.1.6.3.1.1.5.1',
    ]);
    await waitFor(
      'the refusal to be counted',
      async () => ((receiver.counts.refused_community ?? 0) > before ? true : undefined),
      10_000,
      () => JSON.stringify(receiver.counts),
    );
  });
});
