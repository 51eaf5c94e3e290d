/**
 * The OIDs vigil reads, by MIB (no MIB compiler needed). Table constants are the `Entry` OIDs;
 * column numbers are in the mapping that reads the table.
 */
export const OIDS = {
  system: '1.3.6.1.2.1.1',
  sysDescr: '1.3.6.1.2.1.1.1',
  sysObjectID: '1.3.6.1.2.1.1.2',
  sysUpTime: '1.3.6.1.2.1.1.3',
  sysContact: '1.3.6.1.2.1.1.4',
  sysName: '1.3.6.1.2.1.1.5',
  sysLocation: '1.3.6.1.2.1.1.6',
  ifEntry: '1.3.6.1.2.1.2.2.1',
  ifXEntry: '1.3.6.1.2.1.31.1.1.1',
  ipAddrEntry: '1.3.6.1.2.1.4.20.1',
  hrStorageEntry: '1.3.6.1.2.1.25.2.3.1',
  hrDeviceEntry: '1.3.6.1.2.1.25.3.2.1',
  hrProcessorEntry: '1.3.6.1.2.1.25.3.3.1',
  entPhysicalEntry: '1.3.6.1.2.1.47.1.1.1.1',
  entPhySensorEntry: '1.3.6.1.2.1.99.1.1.1',
  lldpLocSysName: '1.0.8802.1.1.2.1.3.3',
  lldpLocPortEntry: '1.0.8802.1.1.2.1.3.7.1',
  lldpRemEntry: '1.0.8802.1.1.2.1.4.1.1',
  lldpRemManAddrEntry: '1.0.8802.1.1.2.1.4.2.1',
  cdpCacheEntry: '1.3.6.1.4.1.9.9.23.1.2.1.1',
} as const;
