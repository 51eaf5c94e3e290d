// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './secret-refs.js';

describe('parseTemplate', () => {
  it('splits whole-value and embedded references', () => {
    expect(parseTemplate('${env:TOKEN}')).toEqual({
      parts: [{ kind: 'ref', source: 'env', name: 'TOKEN', ref: 'env:TOKEN' }],
    });
    expect(parseTemplate('redis://:${env:PW}@db:${file:/etc/port}')).toEqual({
      parts: [
        { kind: 'text', text: 'redis://:' },
        { kind: 'ref', source: 'env', name: 'PW', ref: 'env:PW' },
        { kind: 'text', text: '@db:' },
        { kind: 'ref', source: 'file', name: '/etc/port', ref: 'file:/etc/port' },
      ],
    });
  });

  it('keeps plain strings and turns $${ into a literal ${', () => {
    expect(parseTemplate('plain')).toEqual({ parts: [{ kind: 'text', text: 'plain' }] });
    expect(parseTemplate('a$${env:X}')).toEqual({ parts: [{ kind: 'text', text: 'a${env:X}' }] });
  });

  it('rejects references it does not know instead of keeping them literally', () => {
    expect(parseTemplate('${TOKEN}')).toEqual({
      problem: expect.stringContaining('"${TOKEN}" is not a secret reference'),
    });
    expect(parseTemplate('${vault:kv/x}')).toEqual({
      problem: expect.stringContaining('not a secret reference'),
    });
    expect(parseTemplate('${env:1BAD}')).toEqual({
      problem: expect.stringContaining('not a secret reference'),
    });
    expect(parseTemplate('${env:OPEN')).toEqual({ problem: expect.stringContaining('not closed') });
  });

  it('does not quote a malformed reference that could be part of a literal secret', () => {
    const parsed = parseTemplate('s3cr3t${with spaces and !}');
    expect('problem' in parsed && parsed.problem).not.toContain('with spaces');
  });
});
