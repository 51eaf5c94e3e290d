/**
 * Number readers for the text of /proc and /sys files. Kernel counters are plain decimal
 * integers; anything else (a truncated line, garbage, a sign) is rejected rather than guessed,
 * so a bad line is skipped and never becomes NaN.
 */

/** A non-negative decimal integer such as a kernel counter, or `undefined`. */
export function parseCount(token: string | undefined): number | undefined {
  if (token === undefined || !/^\d{1,20}$/.test(token)) return undefined;
  return Number(token);
}

/** A decimal number with an optional sign and fraction (`12.5`, `-3`), or `undefined`. */
export function parseDecimal(token: string | undefined): number | undefined {
  if (token === undefined || !/^-?\d{1,20}(?:\.\d{1,20})?$/.test(token)) return undefined;
  return Number(token);
}

/** The whitespace-separated fields of a line. */
export function fieldsOf(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}
