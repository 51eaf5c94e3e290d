import type { CiClass } from '../model/itil.js';

/**
 * Identification rules: for each CI class, the identifier kinds that decide whether an
 * observation is a CI we already know, strongest first (DESIGN.md / CMDB issue). Hosts by serial,
 * then system UUID, then MAC set, then FQDN, then hostname; contained CIs by parent plus name.
 */
export const IDENTIFICATION_ORDER: Readonly<Record<CiClass, readonly string[]>> = {
  host: ['serial', 'uuid', 'macs', 'fqdn', 'hostname'],
  network_device: ['serial', 'sysName+sysObjectID', 'sysName'],
  // ifName before ifIndex: agents may renumber ifIndex after a reboot, names stay.
  interface: ['ifName', 'ifIndex', 'mac'],
  filesystem: ['mount'],
  disk: ['serial', 'device'],
  service: ['name'],
  application: ['name'],
};

/** Classes that only exist inside a parent; their identifiers are scoped to that parent. */
export const CONTAINED_CLASSES: ReadonlySet<CiClass> = new Set(['interface', 'filesystem', 'disk']);

/** The identifier pairs of an observation in identification order, skipping absent ones. */
export function identifiersInOrder(
  ciClass: CiClass,
  identifiers: Record<string, string>,
): Array<[string, string]> {
  return IDENTIFICATION_ORDER[ciClass].flatMap((kind) => {
    const value = identifiers[kind];
    return value === undefined || value === '' ? [] : [[kind, value] as [string, string]];
  });
}

/**
 * Per class, identifiers of which a CI has exactly one value for life. Two records that carry
 * different values of one of these are two CIs, whatever weaker identifiers (hostname, FQDN) they
 * share: a reinstalled host keeps its serial, a new host reusing an old name does not; a device
 * with another sysObjectID is another model; an interface with another ifName another port.
 */
export const EXCLUSIVE_IDENTIFIERS: Readonly<Record<CiClass, readonly string[]>> = {
  host: ['serial', 'uuid'],
  network_device: ['serial', 'sysObjectID'],
  interface: ['ifName'],
  filesystem: ['mount'],
  disk: ['serial'],
  service: [],
  application: [],
};

/** Identifier kinds weaker than the MAC set: names, which people reuse. */
const NAME_IDENTIFIERS: ReadonlySet<string> = new Set(['fqdn', 'hostname', 'sysName']);

/**
 * Whether a known CI's identifiers contradict an observation's, so that it is another CI although
 * `matchedKind` matched: different exclusive identifiers (serial, system UUID, ...) always;
 * disjoint MAC sets when only a name matched (two machines with one hostname). A match by serial
 * survives a replaced NIC.
 */
export function contradicts(
  ciClass: CiClass,
  known: Record<string, string>,
  observed: Record<string, string>,
  matchedKind?: string,
): boolean {
  for (const kind of EXCLUSIVE_IDENTIFIERS[ciClass]) {
    const a = known[kind];
    const b = observed[kind];
    if (a !== undefined && a !== '' && b !== undefined && b !== '' && a !== b) return true;
  }
  if (matchedKind === undefined || NAME_IDENTIFIERS.has(matchedKind)) {
    const a = known['macs'];
    const b = observed['macs'];
    if (a && b) {
      const mine = new Set(a.split(','));
      if (!b.split(',').some((mac) => mine.has(mac))) return true;
    }
  }
  return false;
}
