import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { netmask, parseIpAddrJson, parseIpAddrText } from './parse-ip-addr.js';

describe('parseIpAddrJson', () => {
  it('reads ip -j addr (Debian 12)', () => {
    const interfaces = parseIpAddrJson(fixture('debian-12', 'ip-addr'))!;
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(interfaces[0]).toMatchObject({ internal: true, ipv4: '127.0.0.1' });
    expect(interfaces[0]!.mac).toBeUndefined();
    expect(interfaces[3]).toEqual({
      name: 'eth0',
      internal: false,
      mac: '02:fc:00:00:00:01',
      ipv4: '192.0.2.2',
      ipv4Subnet: '255.255.255.0',
      ipv6: 'fd00::2',
      mtu: 1400,
      isDefault: false,
    });
  });

  it('returns undefined for plain text so the caller falls back', () => {
    expect(parseIpAddrJson(fixture('busybox-1.35', 'ip-addr'))).toBeUndefined();
    expect(parseIpAddrJson(fixture('rhel-like', 'ip-addr-rhel'))).toBeUndefined();
    expect(parseIpAddrJson('[{"ifname": 5}]')).toEqual([]);
    expect(parseIpAddrJson('[{"ifname": "eth0; rm -rf /"}]')).toEqual([]);
  });
});

describe('parseIpAddrText (BusyBox, iproute2 without -j)', () => {
  it('reads BusyBox ip addr as the JSON of the same host reads', () => {
    const busybox = parseIpAddrText(fixture('busybox-1.35', 'ip-addr'));
    const json = parseIpAddrJson(fixture('debian-12', 'ip-addr'))!;
    expect(busybox.map((i) => i.name)).toEqual(json.map((i) => i.name));
    expect(busybox.find((i) => i.name === 'eth0')).toEqual(json.find((i) => i.name === 'eth0'));
  });

  it('reads a RHEL host: noise lines, bond slaves, VLAN@parent, tunnels and peer addresses', () => {
    const interfaces = parseIpAddrText(fixture('rhel-like', 'ip-addr-rhel'));
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'eth7', 'tunl0', 'tunl1', 'bond1.57', 'ip.tun2']);
    expect(interfaces.find((i) => i.name === 'bond1.57')).toEqual({
      name: 'bond1.57',
      internal: false,
      mac: '00:11:3f:e2:f5:9e',
      ipv4: '10.192.4.171',
      ipv4Subnet: '255.255.255.224',
      ipv6: '2001::211:3fff:fee2:f59e',
      mtu: 1500,
      isDefault: false,
    });
    // ipip link addresses are not MACs; point-to-point "peer" lines carry no local prefix.
    expect(interfaces.find((i) => i.name === 'ip.tun2')).toEqual({
      name: 'ip.tun2',
      internal: false,
      mtu: 80,
      isDefault: false,
    });
  });

  it('survives hostile input', () => {
    for (const input of HOSTILE_INPUTS) expect(parseIpAddrText(input)).toEqual([]);
    expect(parseIpAddrText('1: $(reboot): <UP> mtu 1500\n    inet 10.0.0.1/8 scope global x')).toEqual([]);
  });
});

describe('netmask', () => {
  it('converts prefix lengths', () => {
    expect(netmask(0)).toBe('0.0.0.0');
    expect(netmask(20)).toBe('255.255.240.0');
    expect(netmask(32)).toBe('255.255.255.255');
  });
});
