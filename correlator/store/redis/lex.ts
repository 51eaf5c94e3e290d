/**
 * Helpers for the lexicographic sorted-set indexes of the Redis store: members are fields joined
 * by NUL with numbers zero-padded, so byte order is the list order and ranges select a prefix.
 */

/** Zero-pads a non-negative integer to 16 digits, so byte order equals numeric order. */
export function pad(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`cannot index ${n}: not a non-negative integer`);
  return String(n).padStart(16, '0');
}

/** Joins index fields with NUL. */
export const member = (...parts: string[]): string => parts.join('\u0000');

/** Inclusive lex bound `[value`. */
export const incl = (value: string): Buffer => Buffer.concat([Buffer.from('['), Buffer.from(value)]);

/** Exclusive lex bound `(value`. */
export const excl = (value: string): Buffer => Buffer.concat([Buffer.from('('), Buffer.from(value)]);

/** Inclusive bound just above every member starting with `prefix` (the byte 0xff follows it). */
export const above = (prefix: string): Buffer =>
  Buffer.concat([Buffer.from('['), Buffer.from(prefix), Buffer.from([0xff])]);

/** The last NUL-separated field of a member (the record id). */
export const lastField = (value: string): string => value.slice(value.lastIndexOf('\u0000') + 1);

/**
 * Encodes a free-form value (a rule, key or subject name) as an index field: JSON text never
 * holds a raw NUL, so the NUL separators stay unambiguous whatever the value contains.
 */
export const field = (value: string | null): string => JSON.stringify(value);

/** Orders strings by their UTF-8 bytes, as Redis and SQLite's BINARY collation do. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
