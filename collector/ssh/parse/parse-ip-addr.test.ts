import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { netmask, parseIpAddrJson, parseIpAddrText } from './parse-ip-addr.js';

describe('parseIpAddrJson', () => {
  it('reads ip -j addr (Rocky)', () => {
    const interfaces = parseIpAddrJson(fixture('rocky-9', 'ip-addr'))!;
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'eno1', 'eno2', 'docker0']);
    expect(interfaces[0]).toMatchObject({ internal: true, ipv4: '127.0.0.1' });
    expect(interfaces[0]!.mac).toBeUndefined();
    expect(interfaces[1]).toEqual({
      name: 'eno1',
      internal: false,
      mac: 'b0:26:28:4e:1a:90',
      ipv4: '10.20.30.41',
      ipv4Subnet: '255.255.255.0',
      ipv6: 'fe80::b226:28ff:fe4e:1a90',
      mtu: 1500,
      isDefault: false,
    });
  });

  it('returns undefined for plain text so the caller falls back', () => {
    expect(parseIpAddrJson(fixture('alpine-3.19', 'ip-addr'))).toBeUndefined();
    expect(parseIpAddrJson('[{"ifname": 5}]')).toEqual([]);
    expect(parseIpAddrJson('[{"ifname": "eth0; rm -rf /"}]')).toEqual([]);
  });
});

describe('parseIpAddrText (BusyBox / plain iproute2)', () => {
  it('reads interfaces, strips @peer suffixes and keeps the global IPv4', () => {
    const interfaces = parseIpAddrText(fixture('alpine-3.19', 'ip-addr'));
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'wg0', 'eth1']);
    expect(interfaces[1]).toMatchObject({
      mac: '06:1f:9a:3c:44:d1',
      ipv4: '172.31.14.201',
      ipv4Subnet: '255.255.240.0',
      mtu: 9001,
    });
    expect(interfaces[2]!.mac).toBeUndefined();
  });

  it('survives hostile input', () => {
    for (const input of HOSTILE_INPUTS) expect(parseIpAddrText(input)).toEqual([]);
  });
});

describe('netmask', () => {
  it('converts prefix lengths', () => {
    expect(netmask(0)).toBe('0.0.0.0');
    expect(netmask(20)).toBe('255.255.240.0');
    expect(netmask(32)).toBe('255.255.255.255');
  });
});
