/** IANA private enterprise numbers of common network vendors (1.3.6.1.4.1.<n>). */
const ENTERPRISES: Record<number, string> = {
  9: 'Cisco',
  11: 'HPE',
  43: '3Com',
  171: 'D-Link',
  311: 'Microsoft',
  674: 'Dell',
  1588: 'Brocade',
  1916: 'Extreme Networks',
  1991: 'Brocade (Foundry)',
  2011: 'Huawei',
  2021: 'Net-SNMP (UCD)',
  2636: 'Juniper',
  3375: 'F5',
  4526: 'Netgear',
  6027: 'Dell (Force10)',
  6486: 'Alcatel-Lucent',
  6527: 'Nokia',
  8072: 'Net-SNMP',
  11863: 'TP-Link',
  12356: 'Fortinet',
  14823: 'Aruba',
  14988: 'MikroTik',
  25461: 'Palo Alto Networks',
  25506: 'H3C',
  30065: 'Arista',
  41112: 'Ubiquiti',
};

/** The enterprise number inside a sysObjectID (`1.3.6.1.4.1.9.1.516` -> 9), if it is one. */
export function enterpriseOf(sysObjectID: string | undefined): number | undefined {
  const m = sysObjectID ? /^1\.3\.6\.1\.4\.1\.(\d+)(\.|$)/.exec(sysObjectID) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * The vendor a sysObjectID belongs to, or `enterprise <n>` for numbers not in the table, or
 * undefined when the OID is not under the private enterprises arc.
 */
export function vendorOf(sysObjectID: string | undefined): string | undefined {
  const n = enterpriseOf(sysObjectID);
  if (n === undefined) return undefined;
  return ENTERPRISES[n] ?? `enterprise ${n}`;
}
