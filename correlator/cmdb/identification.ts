import type { CiClass } from '../model/itil.js';

/**
 * Identification rules: for each CI class, the identifier kinds that decide whether an
 * observation is a CI we already know, strongest first (DESIGN.md / CMDB issue). Hosts by serial,
 * then system UUID, then MAC set, then FQDN, then hostname; contained CIs by parent plus name.
 */
export const IDENTIFICATION_ORDER: Readonly<Record<CiClass, readonly string[]>> = {
  host: ['serial', 'uuid', 'macs', 'fqdn', 'hostname'],
  network_device: ['serial', 'sysName+sysObjectID', 'sysName'],
  interface: ['ifIndex', 'ifName', 'mac'],
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
 * Identifiers burnt into hardware. Two records that carry different values of one of these are two
 * machines, whatever weaker identifiers (hostname, FQDN) they share: a reinstalled host keeps its
 * serial, a new host reusing an old name does not.
 */
export const HARDWARE_IDENTIFIERS: ReadonlySet<string> = new Set(['serial', 'uuid']);

/** Whether a known CI's hardware identifiers contradict an observation's (so it is another CI). */
export function contradicts(known: Record<string, string>, observed: Record<string, string>): boolean {
  for (const kind of HARDWARE_IDENTIFIERS) {
    const a = known[kind];
    const b = observed[kind];
    if (a !== undefined && a !== '' && b !== undefined && b !== '' && a !== b) return true;
  }
  return false;
}
