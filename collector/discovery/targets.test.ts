import { describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { bigIntToIpv6, expandTargets, inRanges, ipv6ToBigInt, parseCidr } from './targets.js';

describe('expandTargets', () => {
  it('expands CIDRs without network and broadcast, keeps host:port and dedupes', () => {
    const { targets, ranges } = expandTargets([
      '10.0.0.0/30',
      '10.0.0.1',
      'sw1.example.net:1161',
      '[::1]:161',
      '10.9.9.9',
    ]);
    expect(targets).toEqual([
      { host: '10.0.0.1' },
      { host: '10.0.0.2' },
      { host: 'sw1.example.net', port: 1161 },
      { host: '::1', port: 161 },
      { host: '10.9.9.9' },
    ]);
    expect(inRanges('10.0.0.3', ranges)).toBe(true);
    expect(inRanges('10.9.9.9', ranges)).toBe(true);
    expect(inRanges('10.0.0.4', ranges)).toBe(false);
  });
  it('keeps both addresses of a /31 and the one of a /32', () => {
    expect(expandTargets(['10.0.0.0/31']).targets).toHaveLength(2);
    expect(expandTargets(['10.0.0.7/32']).targets).toEqual([{ host: '10.0.0.7' }]);
  });
  it.each([
    ['10.0.0.0/8', /larger than \/16/],
    ['10.0.0.0/33', /not an IPv4 or IPv6 CIDR/],
    ['300.1.1.1/24', /not an IPv4 or IPv6 CIDR/],
    ['host:99999', /1 to 65535/],
    ['host:abc', /not a number/],
    ['bad host!', /not an address or a host name/],
    ['', /empty/],
    ['a'.repeat(400), /longer than 300/],
    ['$(rm -rf /)', /not an IPv4 or IPv6 CIDR/],
    ['$(reboot)', /not an address or a host name/],
  ])('rejects %s', (arg, why) => {
    const error = (() => {
      try {
        expandTargets([arg]);
      } catch (e) {
        return e;
      }
    })() as VigilError;
    expect(error).toBeInstanceOf(VigilError);
    expect(error.code).toBe('VIGIL_ERR_DISCOVER_TARGET');
    expect(error.message).toMatch(why);
  });
  it('parseCidr aligns the base address', () => {
    expect(parseCidr('10.0.0.77/24')).toEqual(parseCidr('10.0.0.0/24'));
  });
});

describe('IPv6 targets and ranges', () => {
  it('expands a /126 without the subnet-router anycast address and keeps [v6]:port hosts', () => {
    const { targets, ranges } = expandTargets(['fd00:4::/126', '[::1]:1161', 'fd00:4:0:0::1']);
    expect(targets).toEqual([
      { host: 'fd00:4::1' },
      { host: 'fd00:4::2' },
      { host: 'fd00:4::3' },
      { host: '::1', port: 1161 },
    ]);
    expect(inRanges('fd00:4::2', ranges)).toBe(true);
    expect(inRanges('fd00:4:0:0:0:0:0:3', ranges)).toBe(true);
    expect(inRanges('fd00:4::4', ranges)).toBe(false);
    expect(inRanges('10.0.0.1', ranges)).toBe(false);
  });
  it('accepts a /112 (65,536 addresses) and refuses anything larger with a hint', () => {
    expect(expandTargets(['fd00::/112']).targets).toHaveLength(65_535);
    for (const arg of ['fd00::/64', 'fd00::/111', '::/0']) {
      expect(() => expandTargets([arg])).toThrow(
        /IPv6 range larger than \/112.*list the devices' addresses or use a \/112/,
      );
    }
  });
  it('parses and prints IPv6 in canonical form, IPv4-mapped included', () => {
    expect(ipv6ToBigInt('::1')).toBe(1n);
    expect(ipv6ToBigInt('::ffff:10.0.0.1')).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(bigIntToIpv6(ipv6ToBigInt('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(bigIntToIpv6(0n)).toBe('::');
    expect(ipv6ToBigInt('10.0.0.1')).toBeNull();
    expect(parseCidr('fd00::77/120')).toEqual(parseCidr('fd00::/120'));
    expect(parseCidr('fd00::/129')).toBeNull();
    expect(parseCidr('fd00:::/64')).toBeNull();
  });
});
