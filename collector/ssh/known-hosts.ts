import { createHmac, timingSafeEqual } from 'node:crypto';

/** One usable line of a known_hosts file. */
export interface KnownHostEntry {
  /** 1-based line number, for messages. */
  line: number;
  /** `@revoked` lines reject their key; `@cert-authority` lines are skipped (ssh2 has no host certificates). */
  marker?: 'revoked';
  /** Comma-separated patterns (`host`, `[host]:port`, `*.example.com`, `!bad`), or a hashed name. */
  hosts: { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };
  keyType: string;
  /** The raw public key blob (base64-decoded third field). */
  key: Buffer;
}

/** Parsed known_hosts: usable entries, and the line numbers that could not be read. */
export interface KnownHosts {
  entries: KnownHostEntry[];
  malformedLines: number[];
}

/** What the known_hosts file says about a key a host offered. */
export type HostKeyVerdict =
  | { status: 'known'; line: number }
  | { status: 'revoked'; line: number }
  | { status: 'mismatch'; lines: number[] }
  | { status: 'unknown' };

const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses OpenSSH known_hosts text (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain and hashed
 * (`|1|salt|hash`) host fields, `[host]:port`, wildcards, negation, `@revoked`. Lines that are
 * not valid are recorded, never guessed at: a bad line can only make a host unknown.
 */
export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const malformedLines: number[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/[ \t]+/);
    let marker: string | undefined;
    if (fields[0]!.startsWith('@')) marker = fields.shift();
    if (marker === '@cert-authority') continue;
    const [hostField, keyType, keyText] = fields;
    const hosts = hostField ? parseHostField(hostField) : undefined;
    const valid =
      (marker === undefined || marker === '@revoked') &&
      hosts !== undefined &&
      keyType !== undefined &&
      KEY_TYPE.test(keyType) &&
      keyText !== undefined &&
      BASE64.test(keyText);
    if (!valid) {
      malformedLines.push(index + 1);
      continue;
    }
    entries.push({
      line: index + 1,
      ...(marker === '@revoked' ? { marker: 'revoked' as const } : {}),
      hosts,
      keyType,
      key: Buffer.from(keyText, 'base64'),
    });
  }
  return { entries, malformedLines };
}

function parseHostField(field: string): KnownHostEntry['hosts'] | undefined {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash || !BASE64.test(salt) || !BASE64.test(hash)) return undefined;
    const saltBytes = Buffer.from(salt, 'base64');
    const hashBytes = Buffer.from(hash, 'base64');
    if (saltBytes.length !== 20 || hashBytes.length !== 20) return undefined;
    return { kind: 'hashed', salt: saltBytes, hash: hashBytes };
  }
  const patterns = field.split(',').filter((p) => p !== '');
  return patterns.length > 0 ? { kind: 'patterns', patterns } : undefined;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` on any other port. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

/** Whether an entry's host field names `name` (a `knownHostName`). */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.kind === 'hashed') {
    const digest = createHmac('sha1', entry.hosts.salt).update(name).digest();
    return timingSafeEqual(digest, entry.hosts.hash);
  }
  let matched = false;
  for (const pattern of entry.hosts.patterns) {
    const negated = pattern.startsWith('!');
    if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `*` and `?` wildcards, case-insensitive, as in OpenSSH's match_pattern. Linear, no regex. */
function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < text.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === text[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** The entries naming this host and port. */
export function entriesFor(known: KnownHosts, host: string, port: number): KnownHostEntry[] {
  const name = knownHostName(host, port);
  return known.entries.filter((entry) => entryMatches(entry, name));
}

/**
 * Judges an offered key blob: revoked beats everything, then an exact match, then any other key
 * pinned for the host (of any type: ssh2 is told to prefer the pinned types, see
 * `pinnedKeyTypes`) is a mismatch, and a host with no entry is unknown.
 */
export function verifyHostKey(known: KnownHosts, host: string, port: number, key: Buffer): HostKeyVerdict {
  const entries = entriesFor(known, host, port);
  const revoked = known.entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', line: revoked.line };
  const pinned = entries.filter((e) => e.marker === undefined);
  const same = pinned.find((e) => e.key.equals(key));
  if (same) return { status: 'known', line: same.line };
  if (pinned.length > 0) return { status: 'mismatch', lines: pinned.map((e) => e.line) };
  return { status: 'unknown' };
}

/** The key types pinned for a host, so the client asks for one of those first. */
export function pinnedKeyTypes(known: KnownHosts, host: string, port: number): string[] {
  return [
    ...new Set(
      entriesFor(known, host, port)
        .filter((e) => !e.marker)
        .map((e) => e.keyType),
    ),
  ];
}

/** The known_hosts line TOFU appends for a newly accepted key. */
export function knownHostsLine(host: string, port: number, keyType: string, key: Buffer): string {
  return `${knownHostName(host, port)} ${keyType} ${key.toString('base64')}\n`;
}
