import type { CiRecord } from '../model/records.js';
import { normaliseMac } from './normalise-identifiers.js';

/** Identifier kinds a search may hit (not ifIndex or sysName+sysObjectID: numbers and pairs). */
const SEARCH_IDENTIFIERS = ['serial', 'uuid', 'fqdn', 'hostname', 'sysName', 'mac', 'managementAddress'];
/** Attributes holding addresses or identifiers a search may hit (text or a list of text). */
const SEARCH_ATTRIBUTES = ['fqdn', 'serial', 'ipv4', 'ipv6', 'addresses', 'managementAddress', 'sshAddress'];
/** Longest key kept: longer values are not typed by anyone searching. */
export const MAX_SEARCH_KEY = 256;
/** Most keys one CI is found by (a device with hundreds of addresses keeps its first ones). */
const MAX_KEYS = 64;

/**
 * Lower-cases ASCII letters only, so the SQLite migration (`lower()`), Redis and JavaScript fold
 * case identically; other characters must match as typed.
 */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The keys `q=` finds a CI by, case-folded: its name and its identifying values (FQDN, host name,
 * serial, system UUID, each MAC of its MAC set, management and interface addresses). Stores index
 * them, so a search is an exact or prefix lookup, never a scan.
 */
export function ciSearchKeys(ci: Pick<CiRecord, 'name' | 'identifiers' | 'attributes'>): string[] {
  const keys = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    const key = foldCase(value.trim());
    // NUL separates the fields of Redis index members, so a key holding one is not indexed.
    if (key !== '' && key.length <= MAX_SEARCH_KEY && !key.includes('\u0000') && keys.size < MAX_KEYS)
      keys.add(key);
  };
  add(ci.name);
  for (const kind of SEARCH_IDENTIFIERS) add(ci.identifiers[kind]);
  for (const mac of ci.identifiers['macs']?.split(',') ?? []) add(mac);
  for (const name of SEARCH_ATTRIBUTES) {
    const value = ci.attributes[name]?.value;
    if (Array.isArray(value)) for (const item of value) add(item);
    else add(value);
  }
  return [...keys];
}

/** A whole MAC written with separators; bare hex is left alone (it may be a serial or UUID part). */
const MAC_NOTATION = /^(?:[0-9a-f]{2}[-:]){5}[0-9a-f]{2}$|^(?:[0-9a-f]{4}\.){2}[0-9a-f]{4}$/i;

/**
 * The key a search text looks up: case-folded, and a whole MAC in any notation (`AA-BB-..`,
 * `aabb.ccdd.eeff`) in the stored `aa:bb:..` form.
 */
export function searchTerm(q: string): string {
  const trimmed = q.trim();
  return (MAC_NOTATION.test(trimmed) ? normaliseMac(trimmed) : null) ?? foldCase(trimmed);
}

/**
 * The smallest string above every string starting with `prefix` (code point order, which is
 * UTF-8 byte order): `key >= prefix AND key < prefixEnd(prefix)` selects the prefix by an index.
 * Null when no such bound exists (the prefix ends in U+10FFFF).
 */
export function prefixEnd(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}
