import { describe, expect, it } from 'vitest';
import { fixture, HOSTILE_INPUTS } from './fixture.js';
import { ipv6FromHex, parseSysNet } from './parse-sysnet.js';

describe('parseSysNet (hosts without ip)', () => {
  it('reads /sys/class/net and /proc/net/if_inet6 captured without the ip applet', () => {
    const interfaces = parseSysNet(
      fixture('busybox-1.35-no-ip', 'sysnet'),
      fixture('busybox-1.35-no-ip', 'if-inet6'),
    );
    expect(interfaces.map((i) => i.name)).toEqual(['eth0', 'ifb0', 'ifb1', 'lo']);
    expect(interfaces[0]).toEqual({
      name: 'eth0',
      internal: false,
      mac: '02:fc:00:00:00:01',
      ipv6: 'fd00::2',
      mtu: 1400,
      isDefault: false,
    });
    expect(interfaces[3]).toMatchObject({ name: 'lo', internal: true, ipv6: '::1' });
    expect(interfaces[3]!.mac).toBeUndefined();
  });

  it('prints IPv6 as ip does (RFC 5952)', () => {
    expect(ipv6FromHex('fe8000000000000000fc00fffe000001')).toBe('fe80::fc:ff:fe00:1');
    expect(ipv6FromHex('00000000000000000000000000000001')).toBe('::1');
    expect(ipv6FromHex('00000000000000000000000000000000')).toBe('::');
    expect(ipv6FromHex('20010db8000000010000000000000001')).toBe('2001:db8:0:1::1');
    expect(ipv6FromHex('20010db8000100010001000100010001')).toBe('2001:db8:1:1:1:1:1:1');
    expect(ipv6FromHex('xyz')).toBeUndefined();
  });

  it('skips junk: bad names, unknown interfaces in if_inet6, bad MTUs, hostile input', () => {
    const sysnet =
      'eth0\t02:00:00:00:00:01\t99999999999\t1\n$(x)\t02:00:00:00:00:02\t1500\t1\neth0\tdup\t1\t1\n';
    const inet6 = 'fd000000000000000000000000000002 04 40 00 82 ghost\nnot a line\n';
    expect(parseSysNet(sysnet, inet6)).toEqual([
      { name: 'eth0', internal: false, mac: '02:00:00:00:00:01', isDefault: false },
    ]);
    for (const input of HOSTILE_INPUTS) expect(parseSysNet(input, input)).toEqual([]);
  });
});
