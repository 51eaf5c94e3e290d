import { describe, expect, it } from 'vitest';
import { contentSignature, type SignedContent } from './content-signature.js';

const base: SignedContent = {
  severity: 'major',
  summary: 'disk / 91% full',
  source: 'host',
  resource: 'web-1',
  check: 'filesystem.used_percent',
  labels: { mount: '/', team: 'ops' },
};

describe('contentSignature', () => {
  it('is a stable 53-bit integer that ignores label order', () => {
    const signature = contentSignature(base);
    expect(Number.isSafeInteger(signature)).toBe(true);
    expect(signature).toBeGreaterThanOrEqual(0);
    expect(contentSignature({ ...base, labels: { team: 'ops', mount: '/' } })).toBe(signature);
    expect(contentSignature(structuredClone(base))).toBe(signature);
  });

  it.each<[string, Partial<SignedContent>]>([
    ['severity', { severity: 'critical' }],
    ['summary', { summary: 'disk / 92% full' }],
    ['source', { source: 'snmp' }],
    ['resource', { resource: 'web-2' }],
    ['check', { check: 'filesystem.inodes' }],
    ['a label value', { labels: { mount: '/var', team: 'ops' } }],
    ['a label name', { labels: { mount: '/', owner: 'ops' } }],
    ['an added label', { labels: { mount: '/', team: 'ops', extra: '' } }],
    ['a removed label', { labels: { mount: '/' } }],
  ])('changes with the %s', (_, change) => {
    expect(contentSignature({ ...base, ...change })).not.toBe(contentSignature(base));
  });

  it('tells apart field lists that concatenate to the same text', () => {
    const a = contentSignature({ ...base, summary: 'ab', source: 'c' });
    const b = contentSignature({ ...base, summary: 'a', source: 'bc' });
    expect(a).not.toBe(b);
    const c = contentSignature({ ...base, labels: { a: 'bc' } });
    const d = contentSignature({ ...base, labels: { ab: 'c' } });
    expect(c).not.toBe(d);
  });

  it('spreads 100,000 similar alerts without a collision', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(contentSignature({ ...base, summary: `bench alert ${i}` }));
    expect(seen.size).toBe(100_000);
  });
});
