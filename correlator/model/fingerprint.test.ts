import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

const base = {
  source: 'snmp',
  resource: 'core-sw-1',
  check: 'interface.oper_status',
  labels: { ifName: 'Gi1/0/1' },
};

describe('fingerprint', () => {
  it('is a 16-hex-char string that does not change across calls', () => {
    const a = fingerprint(base);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint({ ...base })).toBe(a);
  });

  it('does not depend on label order', () => {
    const one = fingerprint({ ...base, labels: { a: '1', b: '2' } });
    const two = fingerprint({ ...base, labels: { b: '2', a: '1' } });
    expect(one).toBe(two);
  });

  it('stays what earlier versions stored, for labels in and out of order (upper case sorts first)', () => {
    // Stored alerts are keyed by fingerprint: a change here would split every alert after an upgrade.
    const input = { source: 'prometheus', resource: 'node-1', check: 'HighLoad' };
    const orders: Array<Record<string, string>> = [
      { Zeta: '1', alertname: 'HighLoad', job: 'node', zone: 'b' },
      { zone: 'b', Zeta: '1', alertname: 'HighLoad', job: 'node' },
      { alertname: 'HighLoad', job: 'node', zone: 'b', Zeta: '1', _x: 'y', value: '3' },
    ];
    for (const labels of orders) expect(fingerprint({ ...input, labels })).toBe('d87436907002b090');
  });

  it('changes with each identifying field', () => {
    const a = fingerprint(base);
    expect(fingerprint({ ...base, source: 'host' })).not.toBe(a);
    expect(fingerprint({ ...base, resource: 'core-sw-2' })).not.toBe(a);
    expect(fingerprint({ ...base, check: 'interface.errors' })).not.toBe(a);
    expect(fingerprint({ ...base, labels: { ifName: 'Gi1/0/2' } })).not.toBe(a);
  });

  it('ignores occurrence labels such as value and underscored labels', () => {
    const a = fingerprint(base);
    expect(fingerprint({ ...base, labels: { ...base.labels, value: '91', _seq: '7' } })).toBe(a);
  });

  it('cannot be forged by shifting text between fields', () => {
    const one = fingerprint({ source: 'ab', resource: 'c', check: 'd' });
    const two = fingerprint({ source: 'a', resource: 'bc', check: 'd' });
    expect(one).not.toBe(two);
  });

  it('uses only the dedupKey when one is given', () => {
    const a = fingerprint({ ...base, dedupKey: 'k-1' });
    expect(fingerprint({ source: 'x', resource: 'y', check: 'z', dedupKey: 'k-1' })).toBe(a);
    expect(a).not.toBe(fingerprint(base));
  });
});
