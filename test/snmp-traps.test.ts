import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnmpCredential } from '../collector/snmp/credential.js';
import { TrapReceiver } from '../collector/snmp/trap-receiver.js';
import type { NativeEvent } from '../correlator/model/event.js';
import { findBinary, waitFor } from './support/child-binary.js';
import { runTool } from './support/snmp-daemons.js';

// This file owns 127.4.4.0/24 of the engineer's loopback range.
const HOST = '127.4.4.1';
const PORT = 16162;
const TARGET = `${HOST}:${PORT}`;
const CREDENTIALS: SnmpCredential[] = [
  { name: 'lab', version: '2c', community: 'trap-lab' },
  {
    name: 'core',
    version: '3',
    user: 'trapuser',
    authProtocol: 'sha',
    authKey: 'authpass123',
    privProtocol: 'aes',
    privKey: 'privpass123',
  },
];
const V3 = [
  '-u',
  'trapuser',
  '-l',
  'authPriv',
  '-a',
  'SHA',
  '-A',
  'authpass123',
  '-x',
  'AES',
  '-X',
  'privpass123',
];
const LINK_VBS = [
  '.1.3.6.1.2.1.2.2.1.1.7',
  'i',
  '7',
  '.1.3.6.1.2.1.2.2.1.7.7',
  'i',
  '1',
  '.1.3.6.1.2.1.2.2.1.8.7',
  'i',
  '2',
];

const events: NativeEvent[] = [];
let receiver: TrapReceiver;
let snmptrap: string;
let snmpinform: string;

beforeAll(async () => {
  snmptrap = findBinary(['snmptrap'], 'snmp');
  snmpinform = findBinary(['snmpinform'], 'snmp');
  receiver = new TrapReceiver({
    host: HOST,
    port: PORT,
    credentials: CREDENTIALS,
    engineID: '8000B98380AABBCCDDEEFF0011',
    resolveSender: async (address) => (address === '127.0.0.1' ? 'core-sw-1' : null),
    onEvents: async (batch) => {
      events.push(...batch);
    },
  });
  await receiver.start();
});
afterAll(async () => {
  await receiver?.close();
});

async function nextEvent(after: number): Promise<NativeEvent> {
  return waitFor(
    'a trap event',
    async () => events[after],
    10_000,
    () => JSON.stringify(receiver.counts),
  );
}

describe('trap receiver with the real snmptrap and snmpinform', () => {
  it('v2c linkDown then linkUp: one interface alert that linkUp resolves, bound to the sender CI', async () => {
    const n = events.length;
    expect(
      (await runTool(snmptrap, ['-v2c', '-c', 'trap-lab', TARGET, '', '.1.3.6.1.6.3.1.1.5.3', ...LINK_VBS]))
        .code,
    ).toBe(0);
    const down = await nextEvent(n);
    expect(down).toMatchObject({
      source: 'snmp',
      resource: 'core-sw-1',
      check: 'interface.oper_status',
      status: 'firing',
      severity: 'major',
      labels: expect.objectContaining({ category: 'network', ifIndex: '7' }),
    });
    expect(
      (await runTool(snmptrap, ['-v2c', '-c', 'trap-lab', TARGET, '', '.1.3.6.1.6.3.1.1.5.4', ...LINK_VBS]))
        .code,
    ).toBe(0);
    const up = await nextEvent(n + 1);
    expect(up).toMatchObject({ check: 'interface.oper_status', status: 'resolved', severity: 'ok' });
    expect(up.dedupKey).toBe(down.dedupKey);
  });

  it('v1 coldStart and an enterprise-specific v1 trap', async () => {
    const n = events.length;
    await runTool(snmptrap, [
      '-v1',
      '-c',
      'trap-lab',
      TARGET,
      '.1.3.6.1.4.1.8072.3.2.10',
      HOST,
      '0',
      '0',
      '',
    ]);
    expect(await nextEvent(n)).toMatchObject({
      check: 'device.restart',
      labels: expect.objectContaining({ category: 'availability', trap: 'coldStart' }),
    });
    await runTool(snmptrap, [
      '-v1',
      '-c',
      'trap-lab',
      TARGET,
      '.1.3.6.1.4.1.9.9.41.2',
      HOST,
      '6',
      '1',
      '',
      '.1.3.6.1.4.1.9.9.41.1.2.3.1.5.1',
      's',
      'disk almost full',
    ]);
    const generic = await nextEvent(n + 1);
    expect(generic).toMatchObject({
      check: 'snmp.trap',
      labels: expect.objectContaining({ trapOid: '1.3.6.1.4.1.9.9.41.2.0.1' }),
    });
    expect(generic.labels!._varbinds).toContain('disk almost full');
  });

  it('v2c inform is acknowledged (snmpinform exits 0) and authenticationFailure is a security event', async () => {
    const n = events.length;
    const r = await runTool(snmpinform, [
      '-v2c',
      '-c',
      'trap-lab',
      '-t',
      '2',
      '-r',
      '1',
      TARGET,
      '',
      '.1.3.6.1.6.3.1.1.5.5',
    ]);
    expect(r.code).toBe(0);
    expect(await nextEvent(n)).toMatchObject({
      check: 'snmp.authentication_failure',
      labels: expect.objectContaining({ category: 'security' }),
    });
  });

  it('v3 authPriv trap from an arbitrary engine and a v3 inform', async () => {
    const n = events.length;
    await runTool(snmptrap, ['-v3', '-e', '0x8000000001020304', ...V3, TARGET, '', '.1.3.6.1.6.3.1.1.5.2']);
    expect(await nextEvent(n)).toMatchObject({ check: 'device.restart', severity: 'info' });
    const r = await runTool(snmpinform, [
      '-v3',
      ...V3,
      '-t',
      '2',
      '-r',
      '1',
      TARGET,
      '',
      '.1.3.6.1.6.3.1.1.5.3',
      '.1.3.6.1.2.1.2.2.1.1.3',
      'i',
      '3',
      '.1.3.6.1.2.1.2.2.1.7.3',
      'i',
      '2',
    ]);
    expect(r.code).toBe(0);
    // An administratively down port is not a fault.
    expect(await nextEvent(n + 1)).toMatchObject({
      check: 'interface.oper_status',
      status: 'resolved',
      labels: expect.objectContaining({ ifIndex: '3' }),
    });
  });

  it('refuses and counts an unknown community and a wrong v3 key, and keeps receiving', async () => {
    const before = { ...receiver.counts };
    const n = events.length;
    await runTool(snmptrap, ['-v2c', '-c', 'not-ours', TARGET, '', '.1.3.6.1.6.3.1.1.5.1']);
    await runTool(snmptrap, [
      '-v3',
      '-e',
      '0x8000000001020304',
      '-u',
      'trapuser',
      '-l',
      'authPriv',
      '-a',
      'SHA',
      '-A',
      'wrongpass99',
      '-x',
      'AES',
      '-X',
      'privpass123',
      TARGET,
      '',
      '.1.3.6.1.6.3.1.1.5.1',
    ]);
    await runTool(snmptrap, [
      '-v3',
      '-e',
      '0x8000000001020304',
      '-u',
      'nobody',
      '-l',
      'noAuthNoPriv',
      TARGET,
      '',
      '.1.3.6.1.6.3.1.1.5.1',
    ]);
    await waitFor(
      'refusals counted',
      async () =>
        receiver.counts.refused_community > before.refused_community &&
        receiver.counts.refused_user >= before.refused_user + 2
          ? true
          : undefined,
      10_000,
      () => JSON.stringify(receiver.counts),
    );
    expect(events.length).toBe(n);
    await runTool(snmptrap, ['-v2c', '-c', 'trap-lab', TARGET, '', '.1.3.6.1.6.3.1.1.5.1']);
    expect(await nextEvent(n)).toMatchObject({ check: 'device.restart' });
  });

  it('counts garbage, truncated and oversized packets as malformed and keeps receiving', async () => {
    const before = receiver.counts.malformed;
    const n = events.length;
    const socket = createSocket('udp4');
    const send = (buf: Buffer) =>
      new Promise<void>((resolve) => socket.send(buf, PORT, HOST, () => resolve()));
    // A real v2c trap, captured from snmptrap's encoding shape, cut short; random bytes; a BER
    // sequence claiming a huge length; an empty datagram; a truncated OID inside a varbind.
    const valid = Buffer.from(
      '30290201010408747261702d6c6162a71a02047a1b2c3d020100020100300c300a06082b06010201010500',
      'hex',
    );
    const packets = [
      valid.subarray(0, 20),
      Buffer.from('deadbeef00112233445566778899', 'hex'),
      Buffer.from('3084ffffffff020101', 'hex'),
      Buffer.alloc(0),
      Buffer.from('301a02010104087472617' + '02d6c6162a70b020101020100020100300006', 'hex'),
      Buffer.alloc(60_000, 0x30),
    ];
    for (const p of packets) await send(p);
    socket.close();
    await waitFor(
      'malformed packets counted',
      async () => (receiver.counts.malformed >= before + 4 ? true : undefined),
      10_000,
      () => JSON.stringify(receiver.counts),
    );
    expect(events.length).toBe(n);
    await runTool(snmptrap, ['-v2c', '-c', 'trap-lab', TARGET, '', '.1.3.6.1.6.3.1.1.5.2']);
    expect(await nextEvent(n)).toMatchObject({ check: 'device.restart', resource: 'core-sw-1' });
  });
});
