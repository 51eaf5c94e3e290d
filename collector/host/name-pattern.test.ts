import { describe, expect, it } from 'vitest';
import { createNameFilter, wildcardToRegExp } from './name-pattern.js';

describe('wildcardToRegExp', () => {
  it('anchors the pattern and treats only * and ? as wildcards', () => {
    expect(wildcardToRegExp('docker*').test('docker0')).toBe(true);
    expect(wildcardToRegExp('docker*').test('mydocker0')).toBe(false);
    expect(wildcardToRegExp('eth?').test('eth1')).toBe(true);
    expect(wildcardToRegExp('eth?').test('eth10')).toBe(false);
    expect(wildcardToRegExp('a.b').test('axb')).toBe(false);
    expect(wildcardToRegExp('/var/lib/docker/*').test('/var/lib/docker/overlay2/x/merged')).toBe(true);
  });
});

describe('createNameFilter', () => {
  it('includes everything by default and applies excludes', () => {
    const filter = createNameFilter({ exclude: ['veth*', 'lo'] });
    expect(filter('eth0')).toBe(true);
    expect(filter('veth12ab')).toBe(false);
    expect(filter('lo')).toBe(false);
  });

  it('restricts to the include list, excludes still winning', () => {
    const filter = createNameFilter({ include: ['eno*', 'bond*'], exclude: ['eno9'] });
    expect(filter('eno1')).toBe(true);
    expect(filter('bond0')).toBe(true);
    expect(filter('eth0')).toBe(false);
    expect(filter('eno9')).toBe(false);
  });
});
