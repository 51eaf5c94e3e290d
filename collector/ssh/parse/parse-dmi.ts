import { realValue } from '../../host/junk-value.js';

/** Hardware identity from /sys/class/dmi/id (serial and uuid are readable by root only). */
export interface DmiInfo {
  vendor?: string;
  model?: string;
  serial?: string;
  uuid?: string;
}

/**
 * Parses the `name=value` lines the inventory script prints for sys_vendor, product_name,
 * product_serial and product_uuid. Placeholders ("To be filled by O.E.M.", zero UUIDs) and
 * unreadable (empty) files are dropped, as in the host probe.
 */
export function parseDmi(text: string): DmiInfo {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const value = line.slice(eq + 1);
    if (value.length > 256 || !/^[\x20-\x7e]*$/.test(value)) continue;
    const real = realValue(value);
    if (real) values.set(line.slice(0, eq), real);
  }
  const out: DmiInfo = {};
  const vendor = values.get('sys_vendor');
  const model = values.get('product_name');
  const serial = values.get('product_serial');
  const uuid = values.get('product_uuid');
  if (vendor) out.vendor = vendor;
  if (model) out.model = model;
  if (serial) out.serial = serial;
  if (uuid) out.uuid = uuid.toLowerCase();
  return out;
}
