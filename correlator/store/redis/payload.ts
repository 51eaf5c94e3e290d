import { ciSearchKeys } from '../../cmdb/search-keys.js';
import type { AlertRecord, CiRecord, IncidentRecord, ProblemRecord } from '../../model/records.js';
import type { CmdbUnit, UnitOfWork } from '../contract.js';
import { type OutboxEntry, settledAt } from '../outbox-store.js';
import { eventLogEntry } from '../sqlite/rows.js';
import type { RedisKeys } from './keys.js';
import { field, member, pad } from './lex.js';

/** The arguments of one script call: its keys and its single JSON argument. */
export interface ScriptCall {
  keys: string[];
  arg: string;
}

/** The number an id ends in (`INC-000042` -> 42): the list order of incidents, problems and CIs. */
export const idNumber = (id: string): number => Number(id.replace(/^\D+/, ''));

/** The stored form of an alert: the next version, and no expiry unless firing (as the SQLite store). */
export function storedAlert(a: AlertRecord): AlertRecord {
  const doc = { ...a, version: a.version + 1 };
  if (a.state !== 'firing' || a.expiresAt === null || a.expiresAt === undefined) delete doc.expiresAt;
  return doc;
}

const isOpen = (i: IncidentRecord) => i.status !== 'resolved' && i.status !== 'closed';

/** The open key of a problem: resource NUL check while open or a known error, else ''. */
export const problemOpenKey = (p: ProblemRecord): string =>
  p.state === 'open' || p.state === 'known_error' ? member(p.resource, p.check) : '';

/**
 * Turns a unit of work into the call of `commit.lua`: each record with its read version, its
 * stored document and the index members the script maintains, timelines as extra KEYS.
 */
export function commitCall(keys: RedisKeys, unit: UnitOfWork): ScriptCall {
  // Refreshes come only from the refresh path, which needs `readFiringNow`; this store has none.
  if (unit.refreshes && unit.refreshes.length > 0) {
    throw new Error('the Redis store does not take activity refreshes (UnitOfWork.refreshes)');
  }
  const callKeys = keys.commit;
  const timelineKey = new Map<string, number>();
  const keyIndex = (key: string) => {
    let index = timelineKey.get(key);
    if (index === undefined) {
      callKeys.push(key);
      index = callKeys.length;
      timelineKey.set(key, index);
    }
    return index;
  };
  const events =
    unit.events.length === 0
      ? false
      : {
          n: unit.events.length,
          at: String(unit.events[0]!.receivedAt),
          body: JSON.stringify(unit.events.map(eventLogEntry)),
          ids: unit.events.filter((e) => e.clientId).map((e) => e.id),
        };
  const payload = {
    events,
    alerts: unit.alerts.map((a) => {
      const doc = storedAlert(a);
      return {
        fp: a.fingerprint,
        v: a.version,
        doc: JSON.stringify(doc),
        ls: pad(a.lastSeen),
        st: a.state,
        res: a.resource,
        exp: doc.expiresAt === undefined ? false : String(doc.expiresAt),
      };
    }),
    incidents: unit.incidents.map((i) => {
      const open = isOpen(i);
      const seq = pad(idNumber(i.id));
      return {
        id: i.id,
        v: i.version,
        doc: JSON.stringify({ ...i, version: i.version + 1 }),
        seq,
        st: i.status,
        pr: i.priority,
        cat: i.category,
        open,
        rd: open && i.resolveDueAt !== null ? String(i.resolveDueAt) : false,
        esc: open && i.escalationDueAt != null ? String(i.escalationDueAt) : false,
        key:
          i.resource !== undefined && i.check !== undefined
            ? member(i.resource, i.check, pad(i.createdAt), seq, i.id)
            : false,
      };
    }),
    timeline: unit.timeline.map((t) => ({
      k: keyIndex(keys.timeline(t.incidentId)),
      e: JSON.stringify(t.entry),
    })),
    problems: (unit.problems ?? []).map((p) => ({
      id: p.id,
      v: p.version,
      doc: JSON.stringify({ ...p, version: p.version + 1 }),
      seq: pad(idNumber(p.id)),
      st: p.state,
      ok: problemOpenKey(p),
    })),
    notifications: (unit.notifications ?? []).map((n) => ({ ...outboxFields(n), ...queueFields(n) })),
  };
  return { keys: callKeys, arg: JSON.stringify(payload) };
}

/** What the outbox scripts store of a notification's state: its document, due time and settled time. */
export function outboxFields(n: OutboxEntry): {
  id: string;
  doc: string;
  st: string;
  nx: string;
  so: string;
} {
  const settled = settledAt(n);
  return {
    id: n.id,
    doc: JSON.stringify(n),
    st: n.state,
    nx: n.nextAttemptAt === null ? '' : String(n.nextAttemptAt),
    so: settled === null ? '' : String(settled),
  };
}

/** Where a new notification is indexed: its incident, receiver and queue (incident NUL receiver). */
function queueFields(n: OutboxEntry): { q: string; inc: string; rf: string; rcv: string } {
  const inc = field(n.incidentId);
  const rf = field(n.receiver);
  return { q: member(inc, rf), inc, rf, rcv: n.receiver };
}

/** The field of a CI identifier: class NUL kind NUL value NUL parent id ('' for none). */
export const identifierField = (ciClass: string, kind: string, value: string, parentId: string | null) =>
  member(ciClass, kind, value, parentId ?? '');

/** The field of a relation: from NUL to NUL type. */
export const relationField = (fromId: string, toId: string, type: string) => member(fromId, toId, type);

/** What the list filters index of a CI: its sources and search keys, and both as stored JSON. */
function ciTerms(ci: CiRecord): { src: string[]; keys: string[]; termsJson: string } {
  const src = [...new Set(ci.sources)];
  const keys = ciSearchKeys(ci);
  return { src, keys, termsJson: JSON.stringify({ s: src, k: keys }) };
}

/** The call of `reindex-cis.lua` for CIs read at their stored version. */
export function reindexCall(keys: RedisKeys, cis: readonly CiRecord[]): ScriptCall {
  return {
    keys: keys.cmdb,
    arg: JSON.stringify(
      cis.map((ci) => ({ id: ci.id, v: ci.version, seq: pad(idNumber(ci.id)), ...ciTerms(ci) })),
    ),
  };
}

/** Turns a CMDB unit into the call of `commit-cmdb.lua`, histories as extra KEYS. */
export function cmdbCall(keys: RedisKeys, unit: CmdbUnit): ScriptCall {
  const callKeys = keys.cmdb;
  const historyKey = new Map<string, number>();
  const keyIndex = (key: string) => {
    let index = historyKey.get(key);
    if (index === undefined) {
      callKeys.push(key);
      index = callKeys.length;
      historyKey.set(key, index);
    }
    return index;
  };
  const payload = {
    cis: unit.cis.map((ci) => {
      const idents = Object.entries(ci.identifiers).map(([kind, value]) =>
        identifierField(ci.class, kind, value, ci.parentId),
      );
      return {
        id: ci.id,
        v: ci.version,
        doc: JSON.stringify({ ...ci, version: ci.version + 1 }),
        seq: pad(idNumber(ci.id)),
        cls: ci.class,
        name: ci.name,
        st: ci.state,
        idents,
        // cjson would encode an empty table as {}, so the array is sent pre-encoded.
        identsJson: JSON.stringify(idents),
        ...ciTerms(ci),
      };
    }),
    relations: unit.relations.map((r) => ({
      f: relationField(r.fromId, r.toId, r.type),
      doc: JSON.stringify(r),
      since: String(r.since),
      fm: member('F', r.fromId, r.toId, r.type),
      tm: member('T', r.toId, r.fromId, r.type),
    })),
    history: unit.history.map((h) => ({ k: keyIndex(keys.ciHistory(h.ciId)), e: JSON.stringify(h) })),
  };
  return { keys: callKeys, arg: JSON.stringify(payload) };
}
