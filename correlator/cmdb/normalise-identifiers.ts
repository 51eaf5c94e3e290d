import type { CiClass } from '../model/itil.js';

/**
 * Placeholder serials that firmware and virtual machines report instead of a real one. Matching
 * on them would merge unrelated machines, so they are dropped before identification.
 */
const JUNK_SERIALS = new Set([
  '0',
  'none',
  'n/a',
  'na',
  'unknown',
  'default string',
  'to be filled by o.e.m.',
  'system serial number',
  'chassis serial number',
  'serial number',
  'not specified',
  'not available',
  'not applicable',
  '0123456789',
  '123456789',
]);

/** SMBIOS UUIDs that many boards ship with; they identify nothing. */
const JUNK_UUIDS = new Set([
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '03000200-0400-0500-0006-000700080009',
]);

/** `aa:bb:cc:dd:ee:ff` from `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff` or `aabbccddeeff`; null if not a MAC. */
export function normaliseMac(raw: string): string | null {
  const hex = raw.toLowerCase().replace(/[-:.\s]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0+$/.test(hex) || /^f+$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/**
 * The identifier of a set of MAC addresses: each normalised, zero and broadcast addresses dropped,
 * sorted and joined by commas, so the host probe, SSH (`ip link`) and SNMP (`ifPhysAddress`) agree
 * on one value whatever order and notation they report. Null when no usable MAC remains.
 */
export function macSet(raw: string): string | null {
  const macs = new Set<string>();
  for (const part of raw.split(/[,;\s]+/)) {
    const mac = normaliseMac(part);
    if (mac) macs.add(mac);
  }
  return macs.size === 0 ? null : [...macs].sort().join(',');
}

/**
 * Brings an observation's identifiers into one canonical form before identification: trims every
 * value, drops placeholder serials and UUIDs, canonicalises MAC sets, lower-cases host names, and
 * derives the `sysName+sysObjectID` identifier of network devices from its two parts. Two
 * collectors that saw the same thing then produce equal identifiers.
 */
export function normaliseIdentifiers(ciClass: CiClass, raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, value] of Object.entries(raw)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed === '') continue;
    const normalised = normaliseOne(kind, trimmed);
    if (normalised !== null) out[kind] = normalised;
  }
  if (ciClass === 'network_device' && out['sysName'] && out['sysObjectID'] && !out['sysName+sysObjectID'])
    out['sysName+sysObjectID'] = `${out['sysName']}|${out['sysObjectID']}`;
  return out;
}

function normaliseOne(kind: string, value: string): string | null {
  switch (kind) {
    case 'serial':
      return JUNK_SERIALS.has(value.toLowerCase()) ? null : value.toUpperCase();
    case 'uuid': {
      const lower = value.toLowerCase();
      return JUNK_UUIDS.has(lower) ? null : lower;
    }
    case 'macs':
      return macSet(value);
    case 'mac':
      return normaliseMac(value);
    case 'fqdn':
    case 'hostname':
    case 'sysName':
      return value.toLowerCase().replace(/\.$/, '');
    case 'sysObjectID':
      return value.replace(/^\./, '');
    default:
      return value;
  }
}
