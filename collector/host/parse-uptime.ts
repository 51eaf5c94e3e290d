import { fieldsOf, parseDecimal } from './parse-number.js';

/** Seconds since boot from /proc/uptime (`4512.36 8712.02`), or `undefined` if unreadable. */
export function parseUptime(text: string): number | undefined {
  const seconds = parseDecimal(fieldsOf(text.split('\n')[0] ?? '')[0]);
  return seconds !== undefined && seconds >= 0 ? seconds : undefined;
}
