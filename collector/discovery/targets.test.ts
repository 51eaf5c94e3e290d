import { describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { expandTargets, inRanges, parseCidr } from './targets.js';

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
    ['10.0.0.0/33', /not an IPv4 CIDR/],
    ['300.1.1.1/24', /not an IPv4 CIDR/],
    ['host:99999', /1 to 65535/],
    ['host:abc', /not a number/],
    ['bad host!', /not an address or a host name/],
    ['', /empty/],
    ['a'.repeat(400), /longer than 300/],
    ['$(rm -rf /)', /not an IPv4 CIDR/],
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
