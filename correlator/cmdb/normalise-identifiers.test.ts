import { describe, expect, it } from 'vitest';
import { macSet, normaliseIdentifiers, normaliseMac } from './normalise-identifiers.js';

describe('identifier normalisation', () => {
  it.each([
    ['AA-BB-CC-DD-EE-FF', 'aa:bb:cc:dd:ee:ff'],
    ['aabb.ccdd.eeff', 'aa:bb:cc:dd:ee:ff'],
    ['AABBCCDDEEFF', 'aa:bb:cc:dd:ee:ff'],
    ['00:00:00:00:00:00', null],
    ['ff:ff:ff:ff:ff:ff', null],
    ['aa:bb:cc:dd:ee', null],
    ['zz:bb:cc:dd:ee:ff', null],
    ['', null],
  ])('MAC %j -> %j', (raw, expected) => {
    expect(normaliseMac(raw)).toBe(expected);
  });

  it('canonicalises MAC sets: order, notation, duplicates and junk do not matter', () => {
    expect(macSet('52:54:00:AA:BB:02 52:54:00:aa:bb:01,5254.00aa.bb02;000000000000')).toBe(
      '52:54:00:aa:bb:01,52:54:00:aa:bb:02',
    );
    expect(macSet('garbage, 00:00:00:00:00:00')).toBeNull();
  });

  it('drops placeholder serials and UUIDs and empty values, and keeps hostile text inert', () => {
    expect(
      normaliseIdentifiers('host', {
        serial: ' To Be Filled By O.E.M. ',
        uuid: '03000200-0400-0500-0006-000700080009',
        fqdn: '   ',
        hostname: 'Web-1.',
      }),
    ).toEqual({ hostname: 'web-1' });
    const hostile = `'; DROP TABLE cis; --${'x'.repeat(10_000)}`;
    expect(normaliseIdentifiers('host', { serial: hostile }).serial).toBe(hostile.toUpperCase());
    // Non-string values (from a JSON body that slipped past a schema) are ignored, not thrown on.
    expect(normaliseIdentifiers('host', { serial: 42 as unknown as string })).toEqual({});
  });

  it('derives the sysName + sysObjectID identifier of network devices', () => {
    expect(
      normaliseIdentifiers('network_device', { sysName: 'Core-SW-1', sysObjectID: '.1.3.6.1.4.1.9.1.1' }),
    ).toEqual({
      sysName: 'core-sw-1',
      sysObjectID: '1.3.6.1.4.1.9.1.1',
      'sysName+sysObjectID': 'core-sw-1|1.3.6.1.4.1.9.1.1',
    });
    expect(normaliseIdentifiers('host', { sysName: 'a', sysObjectID: '1.3' })).not.toHaveProperty(
      'sysName+sysObjectID',
    );
  });
});
