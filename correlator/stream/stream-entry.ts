import type { NativeEvent } from '../model/event.js';
import { EVENT_STATUSES, SEVERITIES } from '../model/severity.js';

/** One entry of the ingest stream as a replica reads it. */
export interface StreamEntry {
  id: string;
  /** The events, or why the entry cannot be processed by any replica (it goes to `ingest:dead`). */
  events: NativeEvent[] | { malformed: string };
  /** The raw fields, kept for the dead-letter stream. */
  fields: string[];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const SEVERITY = new Set<string>(SEVERITIES);
const STATUS = new Set<string>(EVENT_STATUSES);

/** Why `value` is not an event as `StreamIngest` writes it (ids fixed), or null when it is one. */
function eventProblem(value: unknown, index: number): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `event ${index} is not an object`;
  const e = value as Record<string, unknown>;
  for (const field of ['id', 'source', 'resource', 'check', 'time'] as const) {
    if (!isString(e[field]) || e[field] === '') return `event ${index} has no ${field}`;
  }
  if (!isString(e.severity) || !SEVERITY.has(e.severity)) return `event ${index} has no valid severity`;
  if (!isString(e.status) || !STATUS.has(e.status)) return `event ${index} has no valid status`;
  if (
    e.labels !== undefined &&
    (typeof e.labels !== 'object' || e.labels === null || Array.isArray(e.labels))
  )
    return `event ${index} has labels that are not an object`;
  return null;
}

/**
 * Decodes a raw stream entry (`[id, [field, value, ...]]`). Anything else than what the ingest
 * wrote (a foreign writer, a damaged or hand-made entry) is reported as malformed instead of
 * thrown, so one bad entry cannot stop a replica.
 */
export function decodeEntry(raw: [string, string[]]): StreamEntry {
  const [id, fields] = raw;
  const field = (name: string) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  const malformed = (why: string): StreamEntry => ({ id, fields, events: { malformed: why } });
  const body = field('body');
  if (body === undefined) return malformed('no body field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return malformed('body is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return malformed('body is not a non-empty array');
  for (let i = 0; i < parsed.length; i++) {
    const problem = eventProblem(parsed[i], i);
    if (problem) return malformed(problem);
  }
  return { id, fields, events: parsed as NativeEvent[] };
}
