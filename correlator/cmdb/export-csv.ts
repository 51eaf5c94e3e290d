import type { CiRecord } from '../model/records.js';

/** Columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'id',
  'class',
  'name',
  'state',
  'parentId',
  'sources',
  'firstSeen',
  'lastSeen',
  'identifiers',
  'attributes',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`, so an
 * exported hostname cannot execute in Excel (CSV injection); plain numbers (-2.5) stay numbers.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV header line, CRLF-terminated. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One CI as a CSV line: identifiers and attribute values as JSON, times ISO-8601. */
export function csvRow(ci: CiRecord): string {
  const attributes = Object.fromEntries(Object.entries(ci.attributes).map(([k, v]) => [k, v.value]));
  const cells = [
    ci.id,
    ci.class,
    ci.name,
    ci.state,
    ci.parentId ?? '',
    ci.sources.join(' '),
    new Date(ci.firstSeen).toISOString(),
    new Date(ci.lastSeen).toISOString(),
    JSON.stringify(ci.identifiers),
    JSON.stringify(attributes),
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}
