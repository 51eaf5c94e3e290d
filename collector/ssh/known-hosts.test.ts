import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  knownHostName,
  knownHostsLine,
  parseKnownHosts,
  pinnedKeyTypes,
  verifyHostKey,
} from './known-hosts.js';

const blob = (type: string, fill: number) => {
  const name = Buffer.from(type);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(name.length);
  return Buffer.concat([head, name, Buffer.alloc(32, fill)]);
};
const A = blob('ssh-ed25519', 1);
const B = blob('ssh-ed25519', 2);
const R = blob('ssh-rsa', 3);
const b64 = (b: Buffer) => b.toString('base64');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${b64(salt)}|${b64(createHmac('sha1', salt).update(name).digest())}`;
}

describe('known_hosts', () => {
  it('matches plain, port-qualified, wildcard and hashed host fields', () => {
    const known = parseKnownHosts(
      [
        `# comment`,
        `web1,10.0.0.1 ssh-ed25519 ${b64(A)} ops@laptop`,
        `[10.0.0.2]:2222 ssh-ed25519 ${b64(A)}`,
        `*.db.example.com,!evil.db.example.com ssh-ed25519 ${b64(A)}`,
        `${hashed('[10.0.0.3]:22022')} ssh-ed25519 ${b64(A)}`,
      ].join('\n'),
    );
    expect(known.malformedLines).toEqual([]);
    expect(verifyHostKey(known, '10.0.0.1', 22, A)).toEqual({ status: 'known', line: 2 });
    expect(verifyHostKey(known, 'WEB1', 22, A).status).toBe('known');
    expect(verifyHostKey(known, '10.0.0.2', 2222, A).status).toBe('known');
    expect(verifyHostKey(known, '10.0.0.2', 22, A).status).toBe('unknown');
    expect(verifyHostKey(known, 'pg.db.example.com', 22, A).status).toBe('known');
    expect(verifyHostKey(known, 'evil.db.example.com', 22, A).status).toBe('unknown');
    expect(verifyHostKey(known, '10.0.0.3', 22022, A)).toEqual({ status: 'known', line: 5 });
    expect(verifyHostKey(known, '10.0.0.3', 22, A).status).toBe('unknown');
  });

  it('reports a different pinned key as a mismatch and @revoked keys as revoked', () => {
    const known = parseKnownHosts(`web1 ssh-ed25519 ${b64(A)}\n@revoked * ssh-ed25519 ${b64(B)}\n`);
    expect(verifyHostKey(known, 'web1', 22, R)).toEqual({ status: 'mismatch', lines: [1] });
    expect(verifyHostKey(known, 'web1', 22, B)).toEqual({ status: 'revoked', line: 2 });
    expect(verifyHostKey(known, 'other', 22, B)).toEqual({ status: 'revoked', line: 2 });
  });

  it('skips @cert-authority lines and records malformed ones without guessing', () => {
    const known = parseKnownHosts(
      [
        `@cert-authority *.example.com ssh-ed25519 ${b64(A)}`,
        'web1 ssh-ed25519',
        'web1 not-a-type AAAA',
        `web1 ssh-ed25519 !!notbase64!!`,
        `|1|short|short ssh-ed25519 ${b64(A)}`,
        `@bogus web1 ssh-ed25519 ${b64(A)}`,
        '\0\xff binary',
      ].join('\n'),
    );
    expect(known.entries).toEqual([]);
    expect(known.malformedLines).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('lists pinned key types so the client asks for them first', () => {
    const known = parseKnownHosts(`web1 ssh-rsa ${b64(R)}\nweb1 ssh-ed25519 ${b64(A)}\n`);
    expect(pinnedKeyTypes(known, 'web1', 22)).toEqual(['ssh-rsa', 'ssh-ed25519']);
  });

  it('writes TOFU lines that parse back and match', () => {
    const line = knownHostsLine('10.0.0.9', 2200, 'ssh-ed25519', A);
    expect(line).toBe(`[10.0.0.9]:2200 ssh-ed25519 ${b64(A)}\n`);
    expect(verifyHostKey(parseKnownHosts(line), '10.0.0.9', 2200, A).status).toBe('known');
    expect(knownHostName('Host', 22)).toBe('host');
  });

  it('handles a large file with pathological wildcards in linear time', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `${'*a'.repeat(50)}${i} ssh-ed25519 ${b64(A)}`);
    const known = parseKnownHosts(lines.join('\n'));
    expect(verifyHostKey(known, 'a'.repeat(200), 22, A).status).toBe('unknown');
  });
});
