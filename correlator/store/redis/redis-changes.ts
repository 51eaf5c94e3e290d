import type { ChangeRecord, ChangeState } from '../../automation/change.js';
import type { ChangeCountFilter, ChangeQuery, ChangeStore } from '../change-store.js';
import { type Page, StoreConflictError } from '../contract.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { above, excl, field, incl, lastField, member, pad } from './lex.js';
import { lexScan } from './lex-scan.js';
import type { RedisParts } from './redis-parts.js';

/** What `chg:meta` keeps per change: the stored version, its index members, the filter fields. */
interface ChangeMeta {
  v: number;
  m: string[];
  at: number;
  st: ChangeState;
  rule: string;
  act: string;
  inc: string;
  tgt: string;
}

/** Index families: all changes, and by state, rule, incident, target (CI) and action. */
type Family = 'A' | 'S' | 'R' | 'I' | 'T' | 'C';

const CHUNK = 200;
const CHANGE_ID = /^CHG-\d+$/;

/** List members sort by id number (`L`), count members by creation time (`K`). */
const listPrefix = (f: Family, value = '') => member('L', f, field(value), '');
const countPrefix = (f: Family, value = '') => member('K', f, field(value), '');

/** The most selective index a filter can use; the other fields are checked on the meta. */
function familyOf(f: {
  incidentId?: string;
  target?: string;
  rule?: string;
  action?: string;
}): [Family, string] {
  if (f.incidentId !== undefined) return ['I', f.incidentId];
  if (f.target !== undefined) return ['T', f.target];
  if (f.rule !== undefined) return ['R', f.rule];
  if (f.action !== undefined) return ['C', f.action];
  return ['A', ''];
}

function matches(meta: ChangeMeta, f: ChangeCountFilter & { state?: ChangeState }): boolean {
  return (
    (f.rule === undefined || meta.rule === f.rule) &&
    (f.incidentId === undefined || meta.inc === f.incidentId) &&
    (f.target === undefined || meta.tgt === f.target) &&
    (f.action === undefined || meta.act === f.action) &&
    (f.since === undefined || meta.at >= f.since) &&
    (f.state === undefined || meta.st === f.state) &&
    (f.states === undefined || f.states.includes(meta.st))
  );
}

/**
 * The change records of the Redis store: JSON documents in a hash, list and count indexes in one
 * lexicographic sorted set, verification deadlines in a scored one; `save-change.lua` keeps them
 * consistent and checks versions like the SQLite store's `UPDATE ... WHERE version = ?`.
 */
export class RedisChanges implements ChangeStore {
  readonly #p: RedisParts;
  readonly #k: { doc: string; meta: string; idx: string; verify: string };

  constructor(parts: RedisParts) {
    this.#p = parts;
    const [doc, meta, idx, verify] = parts.keys.changes as [string, string, string, string];
    this.#k = { doc, meta, idx, verify };
  }

  async saveChange(change: ChangeRecord): Promise<void> {
    if (!CHANGE_ID.test(change.id))
      throw new Error(`cannot store change ${change.id}: ids look like CHG-000001`);
    const seq = pad(Number(change.id.slice(4)));
    const at = pad(change.createdAt);
    const m = [
      ...(
        [
          ['A', ''],
          ['S', change.state],
          ['R', change.rule],
          ['I', change.incidentId],
          ['T', change.target],
          ['C', change.action],
        ] as Array<[Family, string]>
      ).map(([f, v]) => listPrefix(f, v) + member(seq, change.id)),
      ...(
        [
          ['A', ''],
          ['R', change.rule],
          ['I', change.incidentId],
          ['T', change.target],
          ['C', change.action],
        ] as Array<[Family, string]>
      ).map(([f, v]) => countPrefix(f, v) + member(at, seq, change.id)),
    ];
    const meta: ChangeMeta = {
      v: change.version + 1,
      m,
      at: change.createdAt,
      st: change.state,
      rule: change.rule,
      act: change.action,
      inc: change.incidentId,
      tgt: change.target,
    };
    const deadline = change.state === 'verifying' ? change.verification?.deadline : undefined;
    const arg = {
      id: change.id,
      v: change.version,
      doc: JSON.stringify({ ...change, version: change.version + 1 }),
      meta: JSON.stringify(meta),
      m,
      due: deadline === undefined || deadline === null ? false : String(deadline),
      vm: member(seq, change.id),
    };
    const conflict = await this.#p.run('save-change', this.#p.keys.changes, [JSON.stringify(arg)]);
    if (conflict) throw new StoreConflictError(String(conflict));
  }

  async getChange(id: string): Promise<ChangeRecord | null> {
    if (!CHANGE_ID.test(id)) return null;
    const doc = await this.#p.redis.hget(this.#k.doc, id);
    return doc === null ? null : (JSON.parse(doc) as ChangeRecord);
  }

  async listChanges(query: ChangeQuery): Promise<Page<ChangeRecord>> {
    const [family, value] = familyOf({ ...query, target: query.ciId });
    const prefix = listPrefix(family, value);
    let start = above(prefix);
    if (query.cursor) start = excl(prefix + pad(Math.max(0, decodeCursor(query.cursor, 'n')[0] as number)));
    const filter = { ...query, target: query.ciId };
    const ids: string[] = [];
    for await (const [id, meta] of this.#metas(start, incl(prefix), true)) {
      if (!matches(meta, filter)) continue;
      ids.push(id);
      if (ids.length > query.limit) break;
    }
    const items = await this.#docs(ids.slice(0, query.limit));
    const last = items[items.length - 1];
    return {
      items,
      next: ids.length > query.limit && last ? encodeCursor([Number(last.id.slice(4))]) : null,
    };
  }

  async countChanges(filter: ChangeCountFilter): Promise<number> {
    if (filter.states?.length === 0) return 0;
    const prefix = countPrefix(...familyOf(filter));
    let n = 0;
    for await (const [, meta] of this.#metas(incl(prefix + pad(since(filter))), above(prefix), false))
      if (matches(meta, filter)) n++;
    return n;
  }

  async lastChangeAt(filter: ChangeCountFilter): Promise<number | null> {
    if (filter.states?.length === 0) return null;
    const prefix = countPrefix(...familyOf(filter));
    for await (const [, meta] of this.#metas(above(prefix), incl(prefix + pad(since(filter))), true))
      if (matches(meta, filter)) return meta.at;
    return null;
  }

  async changesDueForVerification(now: number, limit: number): Promise<ChangeRecord[]> {
    const members = await this.#p.redis.zrangebyscore(this.#k.verify, '-inf', now, 'LIMIT', 0, limit);
    return this.#docs(members.map(lastField));
  }

  async changesOfIncident(incidentId: string, states: readonly ChangeState[]): Promise<ChangeRecord[]> {
    if (states.length === 0) return [];
    const prefix = listPrefix('I', incidentId);
    const ids: string[] = [];
    for await (const [id, meta] of this.#metas(incl(prefix), above(prefix), false))
      if (states.includes(meta.st)) ids.push(id);
    return this.#docs(ids);
  }

  /** Walks an index range, yielding each change id with its meta, reading metas in chunks. */
  async *#metas(start: Buffer, end: Buffer, rev: boolean): AsyncGenerator<[string, ChangeMeta]> {
    let batch: string[] = [];
    for await (const m of lexScan(this.#p.redis, this.#k.idx, start, end, rev, CHUNK)) {
      batch.push(lastField(m));
      if (batch.length >= CHUNK) {
        yield* this.#withMeta(batch);
        batch = [];
      }
    }
    yield* this.#withMeta(batch);
  }

  async *#withMeta(ids: string[]): AsyncGenerator<[string, ChangeMeta]> {
    if (ids.length === 0) return;
    const metas = await this.#p.redis.hmget(this.#k.meta, ...ids);
    for (const [i, raw] of metas.entries()) if (raw !== null) yield [ids[i]!, JSON.parse(raw) as ChangeMeta];
  }

  async #docs(ids: string[]): Promise<ChangeRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.#p.redis.hmget(this.#k.doc, ...ids);
    return rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ChangeRecord);
  }
}

const since = (filter: ChangeCountFilter) => Math.max(0, filter.since ?? 0);
