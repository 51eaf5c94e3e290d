/**
 * A link-layer neighbour one device reports on one of its ports (LLDP or CDP). The discovery
 * linker turns these into `connected_to` candidates between interfaces.
 */
export interface Neighbour {
  protocol: 'lldp' | 'cdp';
  /** The reporting device's local port: its ifIndex when known, and/or its name. */
  localIfIndex?: number;
  localPort?: string;
  /** The neighbour's system name (LLDP sysName, CDP device id). */
  remoteName?: string;
  /** The neighbour's chassis id (LLDP, MAC or text). */
  remoteChassisId?: string;
  /** The neighbour's port (LLDP port id or description, CDP device port). */
  remotePort?: string;
  remotePortDescr?: string;
  remoteAddress?: string;
  remotePlatform?: string;
}
