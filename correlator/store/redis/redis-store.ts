import { Redis, type RedisOptions } from 'ioredis';
import type { ChangeRecord, ChangeState } from '../../automation/change.js';
import { matchesAttributes } from '../../cmdb/attribute-filter.js';
import { searchTerm } from '../../cmdb/search-keys.js';
import type { CiClass } from '../../model/itil.js';
import type {
  AlertRecord,
  CiHistoryEntry,
  CiRecord,
  CiRelation,
  IncidentRecord,
  ProblemRecord,
  TimelineEntry,
} from '../../model/records.js';
import type { MaintenanceWindowRecord } from '../../suppression/maintenance/window.js';
import type { ChangeCountFilter, ChangeQuery, ChangeStore } from '../change-store.js';
import type {
  AlertQuery,
  BatchState,
  CiQuery,
  CmdbUnit,
  IncidentQuery,
  Page,
  ProblemQuery,
  Store,
  UnitOfWork,
} from '../contract.js';
import { StoreConflictError } from '../contract.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { GroupEntry, GroupStore } from '../group-store.js';
import type { NotificationClaim, NotificationQuery, OutboxEntry, OutboxStore } from '../outbox-store.js';
import type { Outage, SlaStore } from '../sla-store.js';
import type { SilenceQuery, SilenceRecord, SuppressionStore } from '../suppression-store.js';
import { RedisKeys } from './keys.js';
import { above, excl, incl, lastField, member, pad } from './lex.js';
import { lexScan } from './lex-scan.js';
import { cmdbCall, commitCall, identifierField, idNumber, reindexCall, relationField } from './payload.js';
import { RedisChanges } from './redis-changes.js';
import { RedisGroups } from './redis-groups.js';
import { RedisOutages } from './redis-outages.js';
import { RedisOutbox } from './redis-outbox.js';
import type { RedisParts } from './redis-parts.js';
import { RedisSuppression } from './redis-suppression.js';
import { defineScripts, type ScriptFn, type ScriptName } from './scripts.js';

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Key prefix (config `store.keyPrefix`); becomes the cluster hash tag `{prefix}`. */
  prefix?: string;
  /** Extra ioredis options (tests: fewer retries). */
  redis?: RedisOptions;
}

const CHUNK = 200;
const DEPENDENCY_TYPES = new Set(['runs_on', 'depends_on']);
const isOpen = (status: string) => status !== 'resolved' && status !== 'closed';

/**
 * The distributed store: the same contract as the SQLite store on Redis through ioredis. Records
 * are JSON documents in hashes; lists, due times and counts are sorted-set and hash indexes kept
 * by the Lua scripts that apply each unit atomically (`lua/*.lua`, keys in `keys.ts`). Durability
 * of a resolved `commit` is Redis' append-only file policy (docs/redis.md). Change records,
 * outages, suppression state, correlation groups and the notification outbox live in parts of their own (`redis-*.ts`)
 * on the same connection; this class delegates to them, as the SQLite store does.
 */
export class RedisStore implements Store, SlaStore, ChangeStore, SuppressionStore, GroupStore, OutboxStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #scripts: Record<ScriptName, ScriptFn>;
  #ciIndexed: Promise<void> | null = null;
  readonly #changes: RedisChanges;
  readonly #outages: RedisOutages;
  readonly #suppression: RedisSuppression;
  readonly #groups: RedisGroups;
  readonly #outbox: RedisOutbox;

  constructor(options: RedisStoreOptions) {
    this.#keys = new RedisKeys(options.prefix ?? 'vigil');
    this.#redis = new Redis(options.url, { lazyConnect: false, ...options.redis });
    // Connection errors surface on the commands that fail; the 'error' event only needs a listener.
    this.#redis.on('error', () => {});
    this.#scripts = defineScripts(this.#redis);
    const parts: RedisParts = {
      redis: this.#redis,
      keys: this.#keys,
      run: (script, keys, args) => this.#run(script, keys, args),
    };
    this.#changes = new RedisChanges(parts);
    this.#outages = new RedisOutages(parts);
    this.#suppression = new RedisSuppression(parts);
    this.#groups = new RedisGroups(parts);
    this.#outbox = new RedisOutbox(parts);
  }

  /** The Redis connection, for the owner's persistence checks. */
  get redis(): Redis {
    return this.#redis;
  }

  #key = (name: string) => this.#keys.key(name);

  async #run(script: ScriptName, keys: string[], args: Array<string | Buffer>): Promise<unknown> {
    return this.#scripts[script](keys.length, ...keys, ...args);
  }

  async #docs<T>(hash: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const rows = await this.#redis.hmget(this.#key(hash), ...ids);
    return rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as T);
  }

  async #doc<T>(hash: string, id: string): Promise<T | null> {
    const row = await this.#redis.hget(this.#key(hash), id);
    return row === null ? null : (JSON.parse(row) as T);
  }

  /**
   * One page of records whose index members end in `seq NUL id` after `prefix`, newest or oldest
   * first, keeping those `accept` takes; the cursor is the last item's seq.
   */
  async #pageBySeq<T extends { id: string }>(
    index: string,
    prefix: string,
    docs: string,
    query: { limit: number; cursor?: string },
    order: 'newest' | 'oldest',
    accept: (record: T) => boolean = () => true,
  ): Promise<Page<T>> {
    const rev = order === 'newest';
    let start: Buffer = rev ? above(prefix) : incl(prefix);
    const end: Buffer = rev ? incl(prefix) : above(prefix);
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 'n') as [number];
      start = rev ? excl(prefix + pad(Math.max(0, seq))) : incl(prefix + pad(seq + 1));
    }
    const items: T[] = [];
    const want = query.limit + 1;
    const chunk = Math.max(want, CHUNK);
    let batch: string[] = [];
    const flush = async () => {
      for (const record of await this.#docs<T>(docs, batch))
        if (items.length < want && accept(record)) items.push(record);
      batch = [];
    };
    for await (const m of lexScan(this.#redis, this.#key(index), start, end, rev, chunk)) {
      batch.push(lastField(m));
      if (batch.length >= chunk) await flush();
      if (items.length >= want) break;
    }
    if (items.length < want) await flush();
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      next: items.length > query.limit && last ? encodeCursor([idNumber(last.id)]) : null,
    };
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'end') return;
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }

  async allocate(counter: string, count: number): Promise<number[]> {
    const last = Number(await this.#run('allocate', [this.#keys.counters], [counter, String(count)]));
    return Array.from({ length: count }, (_, i) => last - count + 1 + i);
  }

  async loadBatchState(fingerprints: string[], clientEventIds: string[]): Promise<BatchState> {
    const alerts = new Map<string, AlertRecord>();
    const incidents = new Map<string, IncidentRecord>();
    for (const a of await this.#docs<AlertRecord>('alert:doc', fingerprints)) alerts.set(a.fingerprint, a);
    const incidentIds = [
      ...new Set([...alerts.values()].map((a) => a.incidentId).filter((id) => id !== null)),
    ];
    for (const i of await this.#docs<IncidentRecord>('inc:doc', incidentIds)) incidents.set(i.id, i);
    const knownEventIds = new Set<string>();
    if (clientEventIds.length > 0) {
      const seen = await this.#redis.hmget(this.#key('events:client-ids'), ...clientEventIds);
      seen.forEach((at, i) => {
        if (at !== null) knownEventIds.add(clientEventIds[i]!);
      });
    }
    return { alerts, incidents, knownEventIds };
  }

  async commit(unit: UnitOfWork): Promise<void> {
    const call = commitCall(this.#keys, unit);
    const conflict = await this.#run('commit', call.keys, [call.arg]);
    if (conflict) throw new StoreConflictError(String(conflict));
  }

  async getAlert(fingerprint: string): Promise<AlertRecord | null> {
    return this.#doc<AlertRecord>('alert:doc', fingerprint);
  }

  async listAlerts(query: AlertQuery): Promise<Page<AlertRecord>> {
    const [index, prefix] =
      query.state && query.resource
        ? ['alert:by-state-res', member(query.state, query.resource, '')]
        : query.state
          ? ['alert:by-state', member(query.state, '')]
          : query.resource
            ? ['alert:by-res', member(query.resource, '')]
            : ['alert:by-seen', ''];
    let start = above(prefix);
    if (query.cursor) {
      const [lastSeen, fp] = decodeCursor(query.cursor, 'ns') as [number, string];
      start = excl(prefix + member(pad(Math.max(0, lastSeen)), fp));
    }
    const members = await this.#redis.zrange(
      this.#key(index),
      start,
      incl(prefix),
      'BYLEX',
      'REV',
      'LIMIT',
      0,
      query.limit + 1,
    );
    const rows = await this.#docs<AlertRecord>('alert:doc', members.map(lastField));
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items,
      next: rows.length > query.limit && last ? encodeCursor([last.lastSeen, last.fingerprint]) : null,
    };
  }

  async countEvents(): Promise<number> {
    return Number((await this.#redis.get(this.#key('events:count'))) ?? 0);
  }

  async alertsExpiringBefore(now: number, limit: number): Promise<AlertRecord[]> {
    const fps = await this.#redis.zrangebyscore(this.#key('alert:expiry'), '-inf', now, 'LIMIT', 0, limit);
    return this.#docs<AlertRecord>('alert:doc', fps);
  }

  async getIncident(id: string): Promise<IncidentRecord | null> {
    return this.#doc<IncidentRecord>('inc:doc', id);
  }

  async listIncidents(query: IncidentQuery): Promise<Page<IncidentRecord>> {
    const [index, prefix] = query.status
      ? ['inc:by-status', member(query.status, '')]
      : query.priority
        ? ['inc:by-prio', member(query.priority, '')]
        : query.open === true
          ? ['inc:open', '']
          : query.open === false
            ? ['inc:done', '']
            : ['inc:all', ''];
    return this.#pageBySeq<IncidentRecord>(
      index,
      prefix,
      'inc:doc',
      query,
      'newest',
      (i) =>
        (query.status === undefined || i.status === query.status) &&
        (query.priority === undefined || i.priority === query.priority) &&
        (query.open === undefined || isOpen(i.status) === query.open),
    );
  }

  async getTimeline(id: string): Promise<TimelineEntry[]> {
    const rows = await this.#redis.lrange(this.#keys.timeline(id), 0, -1);
    return rows.map((r) => JSON.parse(r) as TimelineEntry);
  }

  async incidentsDueForResolution(now: number): Promise<IncidentRecord[]> {
    const ids = await this.#redis.zrangebyscore(this.#key('inc:resolve-due'), '-inf', now);
    return this.#docs<IncidentRecord>('inc:doc', ids);
  }

  async incidentsDueForEscalation(now: number, limit: number): Promise<IncidentRecord[]> {
    const members = await this.#redis.zrangebyscore(
      this.#key('inc:escalation'),
      '-inf',
      now,
      'LIMIT',
      0,
      limit,
    );
    return this.#docs<IncidentRecord>('inc:doc', members.map(lastField));
  }

  async openIncidentCounts(): Promise<Array<{ priority: string; category: string; count: number }>> {
    const counts = await this.#redis.hgetall(this.#key('inc:open-counts'));
    return Object.entries(counts).map(([field, n]) => {
      const [priority, category] = field.split('\u0000') as [string, string];
      return { priority, category, count: Number(n) };
    });
  }

  async incidentsByKey(
    resource: string,
    check: string,
    since: number,
    limit: number,
  ): Promise<IncidentRecord[]> {
    const prefix = member(resource, check, '');
    const members = await this.#redis.zrange(
      this.#key('inc:by-key'),
      incl(prefix + pad(Math.max(0, since))),
      above(prefix),
      'BYLEX',
      'LIMIT',
      0,
      limit,
    );
    return this.#docs<IncidentRecord>('inc:doc', members.map(lastField));
  }

  async getProblem(id: string): Promise<ProblemRecord | null> {
    return this.#doc<ProblemRecord>('prb:doc', id);
  }

  async listProblems(query: ProblemQuery): Promise<Page<ProblemRecord>> {
    return query.state
      ? this.#pageBySeq<ProblemRecord>('prb:by-state', member(query.state, ''), 'prb:doc', query, 'newest')
      : this.#pageBySeq<ProblemRecord>('prb:all', '', 'prb:doc', query, 'newest');
  }

  async findOpenProblem(resource: string, check: string): Promise<ProblemRecord | null> {
    const id = await this.#redis.hget(this.#key('prb:open'), member(resource, check));
    return id === null ? null : this.getProblem(id);
  }

  async problemCounts(): Promise<Array<{ state: string; count: number }>> {
    const counts = await this.#redis.hgetall(this.#key('prb:counts'));
    return Object.entries(counts).map(([state, n]) => ({ state, count: Number(n) }));
  }

  async getCi(id: string): Promise<CiRecord | null> {
    return this.#doc<CiRecord>('ci:doc', id);
  }

  async findCiByIdentifier(
    ciClass: CiClass,
    kind: string,
    value: string,
    parentId: string | null,
  ): Promise<CiRecord | null> {
    const id = await this.#redis.hget(this.#key('ci:ident'), identifierField(ciClass, kind, value, parentId));
    return id === null ? null : this.getCi(id);
  }

  async findCisByName(name: string): Promise<CiRecord[]> {
    const prefix = member(name, '');
    const members = await this.#redis.zrange(this.#key('ci:by-name'), incl(prefix), above(prefix), 'BYLEX');
    return this.#docs<CiRecord>('ci:doc', members.map(lastField));
  }

  async listCis(query: CiQuery): Promise<Page<CiRecord>> {
    await this.#ciIndexReady();
    const accept = (ci: CiRecord) =>
      (query.class === undefined || ci.class === query.class) &&
      (query.state === undefined || ci.state === query.state) &&
      (query.source === undefined || ci.sources.includes(query.source)) &&
      (query.attributes === undefined || matchesAttributes(ci, query.attributes));
    // The most selective index walks; the other filters are checked on the records read.
    if (query.q !== undefined) return this.#searchCis(searchTerm(query.q), query, accept);
    const page = (index: string, prefix: string) =>
      this.#pageBySeq<CiRecord>(index, prefix, 'ci:doc', query, 'oldest', accept);
    if (query.source !== undefined) return page('ci:by-source', member(query.source, ''));
    if (query.class && query.state) return page('ci:by-class-state', member(query.class, query.state, ''));
    if (query.state) return page('ci:by-state', member(query.state, ''));
    if (query.class) return page('ci:by-class', member(query.class, ''));
    return page('ci:all', '');
  }

  /** CIs with a search key equal to or starting with `term`, oldest first, after the cursor. */
  async #searchCis(term: string, query: CiQuery, accept: (ci: CiRecord) => boolean): Promise<Page<CiRecord>> {
    const members = await this.#redis.zrange(this.#key('ci:search'), incl(term), above(term), 'BYLEX');
    const after = query.cursor ? (decodeCursor(query.cursor, 'n') as [number])[0] : -1;
    const bySeq = new Map<number, string>();
    for (const m of members) {
      const fields = m.split('\u0000');
      const seq = Number(fields[fields.length - 2]);
      if (seq > after) bySeq.set(seq, fields[fields.length - 1]!);
    }
    const ids = [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
    const items: CiRecord[] = [];
    const want = query.limit + 1;
    for (let i = 0; i < ids.length && items.length < want; i += CHUNK) {
      for (const ci of await this.#docs<CiRecord>('ci:doc', ids.slice(i, i + CHUNK)))
        if (items.length < want && accept(ci)) items.push(ci);
    }
    const pageItems = items.slice(0, query.limit);
    const last = pageItems[pageItems.length - 1];
    return {
      items: pageItems,
      next: items.length > query.limit && last ? encodeCursor([idNumber(last.id)]) : null,
    };
  }

  /** Indexes, once per store, CIs written before the list filters existed (see `reindex-cis.lua`). */
  #ciIndexReady(): Promise<void> {
    this.#ciIndexed ??= this.#reindexCis().catch((error: unknown) => {
      this.#ciIndexed = null;
      throw error;
    });
    return this.#ciIndexed;
  }

  async #reindexCis(): Promise<void> {
    const [docs, indexed] = await Promise.all([
      this.#redis.hlen(this.#key('ci:doc')),
      this.#redis.hlen(this.#key('ci:terms-of')),
    ]);
    if (indexed >= docs) return;
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.hscan(this.#key('ci:doc'), cursor, 'COUNT', 500);
      cursor = next;
      const cis: CiRecord[] = [];
      for (let i = 1; i < flat.length; i += 2) cis.push(JSON.parse(flat[i]!) as CiRecord);
      if (cis.length === 0) continue;
      const known = await this.#redis.hmget(this.#key('ci:terms-of'), ...cis.map((c) => c.id));
      const todo = cis.filter((_, i) => known[i] === null);
      if (todo.length === 0) continue;
      const call = reindexCall(this.#keys, todo);
      await this.#run('reindex-cis', call.keys, [call.arg]);
    } while (cursor !== '0');
  }

  async relationsOf(ciId: string): Promise<CiRelation[]> {
    const index = this.#key('rel:idx');
    const from = member('F', ciId, '');
    const to = member('T', ciId, '');
    const [outgoing, incoming] = await Promise.all([
      this.#redis.zrange(index, incl(from), above(from), 'BYLEX'),
      this.#redis.zrange(index, incl(to), above(to), 'BYLEX'),
    ]);
    const fields = [
      ...outgoing.map((m) => m.slice(2)),
      ...incoming.map((m) => {
        const [, toId, fromId, type] = m.split('\u0000') as [string, string, string, string];
        return relationField(fromId, toId, type);
      }),
    ];
    const unique = [...new Set(fields)];
    if (unique.length === 0) return [];
    const [docs, since] = await Promise.all([
      this.#redis.hmget(this.#key('rel:doc'), ...unique),
      this.#redis.hmget(this.#key('rel:since'), ...unique),
    ]);
    const out: CiRelation[] = [];
    docs.forEach((doc, i) => {
      if (doc === null) return;
      const relation = JSON.parse(doc) as CiRelation;
      if (since[i] !== null) relation.since = Number(since[i]);
      out.push(relation);
    });
    return out;
  }

  async ciHistory(ciId: string, limit: number): Promise<CiHistoryEntry[]> {
    if (limit <= 0) return [];
    const rows = await this.#redis.lrange(this.#keys.ciHistory(ciId), 0, limit - 1);
    return rows.map((r) => JSON.parse(r) as CiHistoryEntry);
  }

  /** Breadth-first over the incoming `runs_on` / `depends_on` relations, one round trip per level. */
  async dependentsOf(ciId: string, maxDepth: number, limit: number): Promise<string[]> {
    const index = this.#key('rel:idx');
    const seen = new Set<string>([ciId]);
    const out: string[] = [];
    let level = [ciId];
    for (let depth = 0; depth < maxDepth && level.length > 0 && out.length < limit; depth++) {
      const pipeline = this.#redis.pipeline();
      for (const id of level) {
        const prefix = member('T', id, '');
        pipeline.zrange(index, incl(prefix), above(prefix), 'BYLEX');
      }
      const replies = (await pipeline.exec()) ?? [];
      const next: string[] = [];
      for (const [error, members] of replies) {
        if (error) throw error;
        for (const m of members as string[]) {
          const [, , fromId, type] = m.split('\u0000') as [string, string, string, string];
          if (!DEPENDENCY_TYPES.has(type) || seen.has(fromId)) continue;
          seen.add(fromId);
          next.push(fromId);
          if (out.length < limit) out.push(fromId);
        }
      }
      level = next;
    }
    return out;
  }

  async commitCmdb(unit: CmdbUnit): Promise<void> {
    const call = cmdbCall(this.#keys, unit);
    const conflict = await this.#run('commit-cmdb', call.keys, [call.arg]);
    if (conflict) throw new StoreConflictError(String(conflict));
  }

  async ciCounts(): Promise<Array<{ class: string; state: string; count: number }>> {
    const counts = await this.#redis.hgetall(this.#key('ci:counts'));
    return Object.entries(counts).map(([field, n]) => {
      const [ciClass, state] = field.split('\u0000') as [string, string];
      return { class: ciClass, state, count: Number(n) };
    });
  }

  /**
   * Drops raw event batches logged before `before` (retention; by the log entry's Redis time) and
   * takes them off the event count, like the SQLite store. Returns how many events went.
   */
  async pruneEvents(before: number, maxBatches = 1000): Promise<number> {
    const log = this.#key('events:log');
    const old = await this.#redis.xrange(log, '-', `${Math.max(0, before - 1)}`, 'COUNT', maxBatches);
    if (old.length === 0) return 0;
    const removed = old.reduce((sum, [, fields]) => sum + Number(fields[fields.indexOf('n') + 1] ?? 0), 0);
    await this.#redis
      .multi()
      .xdel(log, ...old.map(([id]) => id))
      .decrby(this.#key('events:count'), removed)
      .exec();
    return removed;
  }
  // ChangeStore: see `change-store.ts`; implemented in `redis-changes.ts`.
  saveChange(change: ChangeRecord): Promise<void> {
    return this.#changes.saveChange(change);
  }
  getChange(id: string): Promise<ChangeRecord | null> {
    return this.#changes.getChange(id);
  }
  listChanges(query: ChangeQuery): Promise<Page<ChangeRecord>> {
    return this.#changes.listChanges(query);
  }
  countChanges(filter: ChangeCountFilter): Promise<number> {
    return this.#changes.countChanges(filter);
  }
  lastChangeAt(filter: ChangeCountFilter): Promise<number | null> {
    return this.#changes.lastChangeAt(filter);
  }
  changesDueForVerification(now: number, limit: number): Promise<ChangeRecord[]> {
    return this.#changes.changesDueForVerification(now, limit);
  }
  changesOfIncident(incidentId: string, states: readonly ChangeState[]): Promise<ChangeRecord[]> {
    return this.#changes.changesOfIncident(incidentId, states);
  }

  // SlaStore: see `sla-store.ts`; implemented in `redis-outages.ts`.
  openOutage(subject: string, at: number): Promise<boolean> {
    return this.#outages.openOutage(subject, at);
  }
  closeOutage(subject: string, at: number): Promise<boolean> {
    return this.#outages.closeOutage(subject, at);
  }
  outagesBetween(subjects: readonly string[], from: number, to: number): Promise<Outage[]> {
    return this.#outages.outagesBetween(subjects, from, to);
  }
  openOutages(): Promise<Outage[]> {
    return this.#outages.openOutages();
  }

  // SuppressionStore: see `suppression-store.ts`; implemented in `redis-suppression.ts`.
  putSilence(silence: SilenceRecord): Promise<void> {
    return this.#suppression.putSilence(silence);
  }
  getSilence(id: string): Promise<SilenceRecord | null> {
    return this.#suppression.getSilence(id);
  }
  listSilences(query: SilenceQuery): Promise<Page<SilenceRecord>> {
    return this.#suppression.listSilences(query);
  }
  liveSilences(now: number): Promise<SilenceRecord[]> {
    return this.#suppression.liveSilences(now);
  }
  insertMaintenanceWindow(window: MaintenanceWindowRecord): Promise<boolean> {
    return this.#suppression.insertMaintenanceWindow(window);
  }
  listMaintenanceWindows(): Promise<MaintenanceWindowRecord[]> {
    return this.#suppression.listMaintenanceWindows();
  }
  deleteMaintenanceWindow(name: string): Promise<boolean> {
    return this.#suppression.deleteMaintenanceWindow(name);
  }
  maintenanceStates(): Promise<Map<string, number>> {
    return this.#suppression.maintenanceStates();
  }
  setMaintenanceState(name: string, activeSince: number | null): Promise<void> {
    return this.#suppression.setMaintenanceState(name, activeSince);
  }

  // GroupStore: see `group-store.ts`; implemented in `redis-groups.ts`.
  findGroups(rule: string, key: string, since: number): Promise<GroupEntry[]> {
    return this.#groups.findGroups(rule, key, since);
  }
  saveGroups(entries: readonly GroupEntry[]): Promise<void> {
    return this.#groups.saveGroups(entries);
  }
  dueGroups(rule: string, before: number, limit: number): Promise<GroupEntry[]> {
    return this.#groups.dueGroups(rule, before, limit);
  }
  deleteGroups(entries: ReadonlyArray<Pick<GroupEntry, 'rule' | 'key' | 'anchor'>>): Promise<void> {
    return this.#groups.deleteGroups(entries);
  }
  pruneGroups(before: number): Promise<number> {
    return this.#groups.pruneGroups(before);
  }

  // OutboxStore: see `outbox-store.ts`; implemented in `redis-outbox.ts` (new entries: `commit.lua`).
  dueNotifications(now: number, limit: number): Promise<OutboxEntry[]> {
    return this.#outbox.dueNotifications(now, limit);
  }
  claimNotification(id: string, claim: NotificationClaim): Promise<OutboxEntry | null> {
    return this.#outbox.claimNotification(id, claim);
  }
  recordNotification(
    entry: OutboxEntry,
    timeline?: { incidentId: string; entry: TimelineEntry },
    claimOwner?: string,
  ): Promise<boolean> {
    return this.#outbox.recordNotification(entry, timeline, claimOwner);
  }
  getNotification(id: string): Promise<OutboxEntry | null> {
    return this.#outbox.getNotification(id);
  }
  listNotifications(query: NotificationQuery): Promise<Page<OutboxEntry>> {
    return this.#outbox.listNotifications(query);
  }
  notificationCounts(): Promise<Array<{ state: string; receiver: string; count: number }>> {
    return this.#outbox.notificationCounts();
  }
  releaseClaims(): Promise<number> {
    return this.#outbox.releaseClaims();
  }
  pruneNotifications(before: number, limit: number): Promise<number> {
    return this.#outbox.pruneNotifications(before, limit);
  }
}
