import type { CiRecord } from '../model/records.js';

/** Names an attribute filter may use (they go into a JSON path, so no quotes or brackets). */
export const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The text an attribute filter compares with: a string as it is, a whole number or a boolean as
 * its JSON text (`8`, `true`); other values (fractions, lists, objects, null) never match. The
 * SQLite store computes the same in SQL (`attributeTextSql`).
 */
export function attributeText(ci: Pick<CiRecord, 'attributes'>, name: string): string | null {
  if (!Object.hasOwn(ci.attributes, name)) return null;
  const value = ci.attributes[name]?.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** Whether every `name = value` condition holds on the CI. */
export function matchesAttributes(
  ci: Pick<CiRecord, 'attributes'>,
  wanted: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(wanted).every(([name, value]) => attributeText(ci, name) === value);
}

/**
 * A SQL condition on the `doc` column that holds when `attributeText` of one attribute equals a
 * value, with its parameters: the JSON path three times, then the value.
 */
export function attributeConditionSql(name: string, value: string): { sql: string; params: string[] } {
  const path = `$.attributes."${name}".value`;
  return {
    sql: `(CASE json_type(doc, ?) WHEN 'text' THEN doc ->> ? WHEN 'integer' THEN CAST(doc ->> ? AS TEXT)
      WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END) = ?`,
    params: [path, path, path, value],
  };
}
