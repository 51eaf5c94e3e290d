import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { parseProcIpv4 } from './parse-proc-ipv4.js';
import { parseSysNet } from './parse-sysnet.js';

const dir = 'busybox-1.35-no-ip';

describe('parseProcIpv4 (IPv4 without ip: /proc/net/fib_trie + /proc/net/route)', () => {
  it('finds the local addresses with their interface and prefix (capture without ip)', () => {
    expect(parseProcIpv4(fixture(dir, 'fib-trie'), fixture(dir, 'net-route'))).toEqual([
      { iface: 'lo', address: '127.0.0.1', prefix: 8 },
      { iface: 'eth0', address: '192.0.2.2', prefix: 24 },
    ]);
  });

  it('gives the interfaces the addresses ip addr shows on the same VM', () => {
    const ipv4 = parseProcIpv4(fixture(dir, 'fib-trie'), fixture(dir, 'net-route'));
    const eth0 = parseSysNet(fixture(dir, 'sysnet'), fixture(dir, 'if-inet6'), ipv4).find(
      (i) => i.name === 'eth0',
    );
    expect(eth0).toMatchObject({ ipv4: '192.0.2.2', ipv4Subnet: '255.255.255.0', ipv6: 'fd00::2' });
  });

  it('takes the longest connected route, ignores gateways, odd masks and junk', () => {
    const route = [
      'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT',
      'eth0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0',
      'eth1\t0001000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'eth2\t0002000A\t0100000A\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'eth3\t0003000A\t00000000\t0001\t0\t0\t0\t0F00FFFF\t0\t0\t0',
      '$(x)\t0004000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    ].join('\n');
    const trie = [
      '  |-- 10.0.1.5',
      '     /32 host LOCAL',
      '  |-- 10.0.2.5',
      '     /32 host LOCAL',
      '  |-- 10.0.3.5',
      '     /32 host LOCAL',
      '  |-- 10.0.4.5',
      '     /32 host LOCAL',
      '  |-- 10.0.1.255',
      '     /32 link BROADCAST',
      '  |-- 999.1.1.1',
      '     /32 host LOCAL',
    ].join('\n');
    expect(parseProcIpv4(trie, route)).toEqual([
      { iface: 'eth1', address: '10.0.1.5', prefix: 24 },
      { iface: 'eth0', address: '10.0.2.5', prefix: 8 },
      { iface: 'eth0', address: '10.0.3.5', prefix: 8 },
      { iface: 'eth0', address: '10.0.4.5', prefix: 8 },
    ]);
    for (const input of HOSTILE_INPUTS) expect(parseProcIpv4(input, input)).toEqual([]);
  });
});
