import type { NormalisedEvent } from '../../model/event.js';
import { sameLabels } from '../../model/labels.js';
import type { AlertRecord, IncidentRecord, ProblemRecord } from '../../model/records.js';
import type { Page } from '../contract.js';
import { encodeCursor } from '../cursor.js';

/** A row holding a JSON document. */
export type Row = { doc: string };

/** Parses a document row, or null for no row. */
export const parse = <T>(row: Row | undefined): T | null => (row ? (JSON.parse(row.doc) as T) : null);

/** Parses every document row of a query. */
export const parseAll = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.doc) as T);

/**
 * One event in the raw log: a positional array (the layout is documented in the migration),
 * about a third smaller than the object and cheaper to serialise on the ingest hot path.
 */
export function eventLogEntry(e: NormalisedEvent): unknown[] {
  return [
    e.id,
    e.fingerprint,
    e.time,
    e.source,
    e.resource,
    e.check,
    e.severity,
    e.status,
    e.summary,
    e.labels,
  ];
}

/** Columns of an alert read: the document plus its hot activity columns, which win over the document's copy. */
export const ALERT_COLUMNS =
  'a.doc AS doc, c.count AS count, c.first_seen AS firstSeen, c.last_seen AS lastSeen, c.version AS version, c.expires_at AS expiresAt';

/** An alert read: its document plus the activity columns. */
export type AlertRow = Row & {
  count: number;
  firstSeen: number;
  lastSeen: number;
  version: number;
  expiresAt: number | null;
};

/** The expiry column of an alert: only firing alerts expire. */
export const expiry = (a: Pick<AlertRecord, 'state' | 'expiresAt'>): number | null =>
  a.state === 'firing' ? (a.expiresAt ?? null) : null;

/** The escalation column of an incident: only open incidents escalate. */
export const escalationDue = (i: IncidentRecord): number | null =>
  i.status === 'resolved' || i.status === 'closed' ? null : (i.escalationDueAt ?? null);

/** The key of a resource + check (problems are found by it). */
export const recurrenceKey = (resource: string, check: string): string => `${resource}\u0000${check}`;

/** The open-key column of a problem: its key while open or a known error, else null. */
export const openKey = (p: ProblemRecord): string | null =>
  p.state === 'open' || p.state === 'known_error' ? recurrenceKey(p.resource, p.check) : null;

/** Rebuilds an alert from its row; the activity columns win over the document's stale copy. */
export function alertFromRow(row: AlertRow | undefined): AlertRecord | null {
  if (!row) return null;
  const alert = JSON.parse(row.doc) as AlertRecord;
  alert.count = row.count;
  alert.firstSeen = row.firstSeen;
  alert.lastSeen = row.lastSeen;
  alert.version = row.version;
  if (row.expiresAt === null) delete alert.expiresAt;
  else alert.expiresAt = row.expiresAt;
  return alert;
}

/**
 * True when `next` differs from the stored `previous` version only in its activity (count, first
 * and last seen), so the alert document need not be rewritten. Unknown previous: false.
 */
export function onlyActivityChanged(previous: AlertRecord | undefined, next: AlertRecord): boolean {
  if (!previous || previous.version !== next.version) return false;
  return (
    previous.state === next.state &&
    previous.severity === next.severity &&
    previous.summary === next.summary &&
    previous.incidentId === next.incidentId &&
    previous.stateChangedAt === next.stateChangedAt &&
    previous.resource === next.resource &&
    previous.reasons === next.reasons &&
    sameLabels(previous.labels, next.labels)
  );
}

/** The number an id ends in (`INC-000042` -> 42): the incidents table's key. */
export function idNumber(id: string): number {
  return Number(id.replace(/^\D+/, ''));
}

/** Cuts `limit + 1` rows to a page and a cursor for the next one, when there is more. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Array<string | number>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
