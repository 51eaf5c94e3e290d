import { describe, expect, it } from 'vitest';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { formatMatcher, matchesAll, parseMatcher, parseMatchers } from './matchers.js';

function invalid(text: string): VigilError {
  try {
    parseMatcher(text);
  } catch (error) {
    if (error instanceof VigilError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed but should not`);
}

describe('parseMatcher', () => {
  it.each([
    ['mount="/"', { name: 'mount', op: '=', value: '/' }],
    ['mount != "/boot/efi"', { name: 'mount', op: '!=', value: '/boot/efi' }],
    ['fstype=~"tmpfs|overlay"', { name: 'fstype', op: '=~', value: 'tmpfs|overlay' }],
    ['fstype!~tmpfs|overlay', { name: 'fstype', op: '!~', value: 'tmpfs|overlay' }],
    ['team=storage', { name: 'team', op: '=', value: 'storage' }],
    ['team=', { name: 'team', op: '=', value: '' }],
    ['summary="say \\"hi\\" \\\\ now"', { name: 'summary', op: '=', value: 'say "hi" \\ now' }],
  ])('parses %s', (text, expected) => {
    expect(parseMatcher(text)).toMatchObject(expected);
  });

  it.each([
    ['', 'it must start with a label name'],
    ['9abc="x"', 'it must start with a label name'],
    ['mount=="/"', 'quote values'],
    ['mount~"/"', 'expected one of the operators'],
    ['mount="/', 'no closing quote'],
    ['mount="/" extra', 'unexpected text after the closing quote'],
    ['mount=a b', 'quote values'],
    ['mount=~"(unclosed"', 'the regex does not compile'],
    ['mount=~"(a+)+"', 'nested quantifiers'],
    ['mount=~"(\\\\w*)*x"', 'nested quantifiers'],
    ['mount=~"(a)\\\\1"', 'backreferences'],
    [`mount=~"${'a'.repeat(300)}"`, 'longer than 256 characters'],
    [`mount="${'a'.repeat(2000)}"`, 'longer than 1024 characters'],
  ])('rejects %j with VIGIL_ERR_MATCHER_INVALID', (text, reason) => {
    const error = invalid(text);
    expect(error.code).toBe('VIGIL_ERR_MATCHER_INVALID');
    expect(error.message).toContain(reason);
    expect(error.message.length).toBeLessThan(300);
  });

  it('rejects non-string input', () => {
    expect(invalid(42 as unknown as string).code).toBe('VIGIL_ERR_MATCHER_INVALID');
  });

  it('formats back to canonical text', () => {
    expect(formatMatcher(parseMatcher('fstype!~tmpfs|overlay'))).toBe('fstype!~"tmpfs|overlay"');
  });
});

describe('matchesAll', () => {
  const labels = { mount: '/var/log', fstype: 'ext4' };

  it('anchors regexes fully, like Prometheus', () => {
    expect(matchesAll(parseMatchers(['mount=~"/var"']), labels)).toBe(false);
    expect(matchesAll(parseMatchers(['mount=~"/var.*"']), labels)).toBe(true);
    expect(matchesAll(parseMatchers(['fstype=~"ext4|xfs"']), labels)).toBe(true);
    expect(matchesAll(parseMatchers(['fstype=~"ext"']), labels)).toBe(false);
    expect(matchesAll(parseMatchers(['fstype!~"tmpfs|overlay"']), labels)).toBe(true);
  });

  it('requires every matcher and treats a missing label as empty', () => {
    expect(matchesAll(parseMatchers(['mount="/var/log"', 'fstype!="ext4"']), labels)).toBe(false);
    expect(matchesAll(parseMatchers(['team=""']), labels)).toBe(true);
    expect(matchesAll(parseMatchers(['team!=""']), labels)).toBe(false);
    expect(matchesAll([], labels)).toBe(true);
  });

  it('matches regex alternatives as a whole, not a prefix of the first', () => {
    expect(matchesAll(parseMatchers(['mount=~"/|/boot"']), { mount: '/boot' })).toBe(true);
    expect(matchesAll(parseMatchers(['mount=~"/|/boot"']), { mount: '/bootx' })).toBe(false);
  });
});
