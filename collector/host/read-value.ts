/**
 * Defensive readers for systeminformation results. Its output varies by platform and version
 * (nulls on VMs, strings where numbers are expected, missing fields), so every mapper reads
 * through these instead of trusting the declared types.
 */

/** A plain object, or `undefined` for anything else (arrays, null, primitives). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value if it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A finite number, or `undefined` (NaN, Infinity, null, strings and the rest). */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A non-empty trimmed string, or `undefined`. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `part / whole` in percent when both are sane (0 <= part <= whole, whole > 0), else `undefined`. */
export function percent(part: number | undefined, whole: number | undefined): number | undefined {
  if (part === undefined || whole === undefined || whole <= 0 || part < 0 || part > whole) return undefined;
  return (part / whole) * 100;
}

/** A finite number >= 0 (rates, counters, sizes), or `undefined`. */
export function nonNegative(value: unknown): number | undefined {
  const n = finiteNumber(value);
  return n !== undefined && n >= 0 ? n : undefined;
}
