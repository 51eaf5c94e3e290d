/**
 * Firmware and virtualisation fill identity fields with placeholders ("To be filled by O.E.M.",
 * "Default string", all-zero UUIDs). Used as CMDB identifiers they would merge unrelated hosts
 * into one CI, so every identifier and hardware attribute goes through this filter.
 */

const JUNK_TEXTS = new Set([
  '-',
  'n/a',
  'na',
  'none',
  'null',
  'undefined',
  'unknown',
  'default',
  'default string',
  'not specified',
  'not applicable',
  'not available',
  'not present',
  'to be filled by o.e.m.',
  'to be filled by oem',
  'o.e.m.',
  'oem',
  'system serial number',
  'system product name',
  'system manufacturer',
  'system version',
  'chassis serial number',
  'base board serial number',
  'serial number',
  'sku',
  'type1productconfigid',
  'localhost',
  'localhost.localdomain',
  '123456789',
  '0123456789',
  '03000200-0400-0500-0006-000700080009',
]);

/** Whether a value from hardware/OS inventory is a placeholder rather than real data. */
export function isJunkValue(value: string): boolean {
  const normalised = value.trim().toLowerCase();
  if (normalised === '' || JUNK_TEXTS.has(normalised)) return true;
  // All zeros or all Fs with separators: 00000000-0000-..., 00:00:00:00:00:00, FFFFFFFF.
  if (/^[0\-:. ]+$/.test(normalised) || /^[f\-:. ]+$/.test(normalised)) return true;
  // One character repeated ("xxxxxxxx", "........", "11111111").
  return normalised.length > 1 && /^(.)\1+$/.test(normalised);
}

/** The trimmed value when it is a real string, else `undefined`. */
export function realValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return isJunkValue(value) ? undefined : value.trim();
}
