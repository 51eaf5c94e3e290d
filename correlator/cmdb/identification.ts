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
export function identifiersInOrder(ciClass: CiClass, identifiers: Record<string, string>): Array<[string, string]> {
  return IDENTIFICATION_ORDER[ciClass].flatMap((kind) => {
    const value = identifiers[kind];
    return value === undefined || value === '' ? [] : [[kind, value] as [string, string]];
  });
}
