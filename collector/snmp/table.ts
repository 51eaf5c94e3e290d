import type { SnmpValue, Varbind } from './varbind.js';

/** Rows of one SNMP table: index suffix (e.g. `3` or `11048.8`) -> column number -> value. */
export type SnmpTable = Map<string, Map<number, SnmpValue>>;

/**
 * Groups the varbinds under a table entry OID (`<entry>.<column>.<index>`) into rows. Varbinds
 * outside the entry, or without both a column and an index, are ignored, so a walk that ran into
 * the next table or a hostile agent's junk cannot poison the result.
 */
export function toTable(varbinds: readonly Varbind[], entryOid: string): SnmpTable {
  const prefix = `${entryOid}.`;
  const rows: SnmpTable = new Map();
  for (const vb of varbinds) {
    if (!vb.oid.startsWith(prefix)) continue;
    const rest = vb.oid.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot <= 0 || dot === rest.length - 1) continue;
    const column = Number(rest.slice(0, dot));
    if (!Number.isInteger(column)) continue;
    const index = rest.slice(dot + 1);
    let row = rows.get(index);
    if (!row) {
      row = new Map();
      rows.set(index, row);
    }
    row.set(column, vb.value);
  }
  return rows;
}

/** The values of scalars (`<oid>.0`) among varbinds, keyed by the OID without `.0`. */
export function scalars(varbinds: readonly Varbind[]): Map<string, SnmpValue> {
  const out = new Map<string, SnmpValue>();
  for (const vb of varbinds) if (vb.oid.endsWith('.0')) out.set(vb.oid.slice(0, -2), vb.value);
  return out;
}
