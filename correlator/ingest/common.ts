import { EVENT_LIMITS } from '../api/schemas/event-schema.js';
import type { Severity } from '../model/severity.js';

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  page: 'critical',
  major: 'major',
  error: 'major',
  minor: 'minor',
  warning: 'warning',
  info: 'info',
};

/**
 * The native severity of a Prometheus / Alertmanager `severity` label: the native names, plus
 * `error` -> major and `page` -> critical; anything else (or nothing) is `warning`.
 * @example severityFromLabel('page') // 'critical'
 */
export function severityFromLabel(value: string | undefined): Severity {
  if (value === undefined) return 'warning';
  return Object.hasOwn(SEVERITY_WORDS, value.toLowerCase())
    ? SEVERITY_WORDS[value.toLowerCase()]!
    : 'warning';
}

/** Cuts a string to `max` characters (fields whose native limit is shorter than the sender's). */
export const cut = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

/** The resource of a labelled alert: `instance`, else `job`, else the alert name. */
export function resourceFromLabels(labels: Record<string, string>, alertname: string): string {
  const value = nonEmpty(labels.instance) ?? nonEmpty(labels.job) ?? alertname;
  return cut(value, EVENT_LIMITS.name);
}

/** The summary of a labelled alert: annotation `summary`, else `description`, else a default. */
export function summaryFromAnnotations(
  annotations: Record<string, string> | undefined,
  fallback: string,
): string {
  const text = nonEmpty(annotations?.summary) ?? nonEmpty(annotations?.description) ?? fallback;
  return cut(text, EVENT_LIMITS.summary);
}

/**
 * Copies a label map into a fresh object of own entries only. A `__proto__` label is defined as a
 * property (assigning it would set the copy's prototype), so it stays a plain label. A loop, not
 * `Object.fromEntries(Object.entries())`, which made an array per label on every Prometheus alert.
 */
export function copyLabels(labels: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name of Object.keys(labels)) {
    const value = labels[name]!;
    if (name === '__proto__') {
      Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
    } else copy[name] = value;
  }
  return copy;
}

/** Parses a sender time; Go's zero time (`0001-01-01T00:00:00Z`, "unset") and garbage are undefined. */
export function senderTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
