import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChangeRecord, ChangeState } from '../../automation/change.js';
import { attributeConditionSql } from '../../cmdb/attribute-filter.js';
import { ciSearchKeys, prefixEnd, searchTerm } from '../../cmdb/search-keys.js';
import type { FiringSummary } from '../../model/firing-summary.js';
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
import { decodeCursor } from '../cursor.js';
import type { GroupEntry, GroupStore } from '../group-store.js';
import type { NotificationClaim, NotificationQuery, OutboxEntry, OutboxStore } from '../outbox-store.js';
import type { Outage, SlaStore } from '../sla-store.js';
import type { SilenceQuery, SilenceRecord, SuppressionStore } from '../suppression-store.js';
import { ActivityJournal, type ActivityRow } from './activity-journal.js';
import { commitExecutor } from './commit-executor.js';
import { type CommitPlan, planCommit } from './commit-plan.js';
import { FiringIndex } from './firing-index.js';
import { migrate } from './migrate.js';
import { RecordCache } from './record-cache.js';
import {
  ALERT_COLUMNS,
  type AlertRow,
  alertFromRow,
  idNumber,
  page,
  parse,
  parseAll,
  type Row,
  recurrenceKey,
} from './rows.js';
import { sqliteOutages } from './sla-statements.js';
import { SqliteChangeStore } from './sqlite-change-store.js';
import { SqliteGroups } from './sqlite-groups.js';
import { SqliteOutbox } from './sqlite-outbox.js';

import { prepare } from './statements.js';
import { SqliteSuppressionTables } from './suppression-tables.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { WalSyncer } from './wal-syncer.js';

/** Options of the embedded store. */
export interface SqliteStoreOptions {
  /** File path, or `:memory:` for tests. */
  path: string;
  /** `full` fsyncs every commit (survives power loss); `normal` survives process crashes only. */
  synchronous?: 'full' | 'normal';
  /** How many parsed alerts / incidents the pipeline's read cache keeps (default 20,000 / 10,000). */
  cacheAlerts?: number;
  cacheIncidents?: number;
  /**
   * Writes alert activity behind through a journal (activity-journal.ts; default true). Only for
   * a file one process writes alerts to; several writers on one file need false.
   */
  writeBehind?: boolean;
}

/** Most unknown fingerprints remembered between two commits (a bound on a huge first batch). */
const MAX_UNKNOWN_ALERTS = 100_000;
/** SQLite's page cache per connection, KiB. */
const PAGE_CACHE_KIB = 16_384;
/** Most firing alerts summarised for the refresh path (about 0.2 KB each; firing-index.ts). */
const MAX_FIRING_SUMMARIES = 1_000_000;

/**
 * The embedded store: SQLite through better-sqlite3 in WAL mode. Each unit of work is one
 * transaction, so a 2xx after `commit` means the events are on disk.
 */
export class SqliteStore implements Store, SlaStore, ChangeStore, SuppressionStore, GroupStore, OutboxStore {
  readonly kind = 'sqlite';
  /** `commit` writes `unit.groups` in its transaction. */
  readonly commitsGroups = true;
  readonly #db: Database.Database;
  readonly #stmt;
  readonly #execute: (plan: CommitPlan) => Array<ActivityRow | undefined>;
  readonly #cmdbTx: (unit: CmdbUnit) => void;
  readonly #allocateTx: (counter: string, count: number) => number;
  readonly #synchronous: 'NORMAL' | 'FULL';
  readonly #outages: ReturnType<typeof sqliteOutages>;
  readonly #alertCache: RecordCache<AlertRecord>;
  /** Summaries of the firing alerts, for the refresh path (firing-index.ts). */
  readonly #firing = new FiringIndex(MAX_FIRING_SUMMARIES);
  readonly #incidentCache: RecordCache<IncidentRecord>;
  readonly #changes: SqliteChangeStore;
  readonly #suppression: SqliteSuppressionTables;
  readonly #groups: SqliteGroups;
  /** Syncs pipeline commits off the event loop; null when commits need no fsync (memory, `normal`). */
  readonly #walSyncer: WalSyncer | null;
  /** Checkpoints the WAL on its own thread; null in memory. */
  readonly #checkpointer: WalCheckpointer | null;
  readonly #outbox: SqliteOutbox;
  /** Alert activity written behind (activity-journal.ts). */
  readonly #journal: ActivityJournal;
  /**
   * Fingerprints read and not found since the last commit: a new alert is looked up by the refresh
   * path and again by the load stage of the same batch, and the second miss need not cost a query.
   * Cleared by every commit; a writer on the same file inserting one meanwhile makes our insert of
   * it conflict, and the retry reads it.
   */
  readonly #unknownAlerts = new Set<string>();

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    this.#db = db;
    this.#alertCache = new RecordCache(options.cacheAlerts ?? 20_000);
    this.#incidentCache = new RecordCache(options.cacheIncidents ?? 10_000);
    db.pragma('journal_mode = WAL');
    this.#synchronous = options.synchronous === 'normal' ? 'NORMAL' : 'FULL';
    this.#walSyncer =
      this.#synchronous === 'FULL' && options.path !== ':memory:'
        ? new WalSyncer(`${options.path}-wal`)
        : null;
    db.pragma(`synchronous = ${this.#synchronous}`);
    db.pragma('busy_timeout = 5000');
    // 16 MiB of page cache (SQLite's default is 2 MiB): repeats no longer read alert documents
    // (firing-index.ts), so it mostly holds the pages commits write; 32 and 64 MiB gave no more
    // events/s in bench:correlate and cost 0.2 and 0.6 KB of RSS per open alert at 100,000 alerts.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    migrate(db);
    if (options.path === ':memory:') {
      this.#checkpointer = null;
    } else {
      db.pragma(`wal_autocheckpoint = ${WalCheckpointer.SAFETY_NET_PAGES}`);
      this.#checkpointer = new WalCheckpointer(options.path);
    }
    this.#stmt = prepare(db);
    this.#outages = sqliteOutages(db);
    this.#changes = new SqliteChangeStore(db);
    this.#suppression = new SqliteSuppressionTables(db);
    this.#groups = new SqliteGroups(db);
    this.#outbox = new SqliteOutbox(db);
    const s = this.#stmt;

    this.#journal = new ActivityJournal(db, { writeBehind: options.writeBehind ?? true });
    this.#execute = commitExecutor(db, s, this.#journal);

    this.#cmdbTx = db.transaction((unit: CmdbUnit) => {
      for (const ci of unit.cis) {
        const doc = JSON.stringify({ ...ci, version: ci.version + 1 });
        const seq = Number(ci.id.replace(/^\D+/, ''));
        if (ci.version === 0) {
          if (s.insertCi.run(ci.id, seq, ci.class, ci.name, ci.state, doc).changes === 0)
            throw new StoreConflictError(`ci ${ci.id}`);
        } else if (s.updateCi.run(ci.name, ci.state, doc, ci.id, ci.version).changes === 0) {
          throw new StoreConflictError(`ci ${ci.id}`);
        }
        s.deleteIdentifiers.run(ci.id);
        for (const [kind, value] of Object.entries(ci.identifiers)) {
          s.upsertIdentifier.run(ci.class, kind, value, ci.parentId ?? '', ci.id);
        }
        s.deleteSearchKeys.run(seq);
        for (const key of ciSearchKeys(ci)) s.insertSearchKey.run(key, seq);
        s.deleteSources.run(seq);
        for (const source of ci.sources) s.insertSource.run(source, seq);
      }
      for (const r of unit.relations) s.upsertRelation.run(r.fromId, r.toId, r.type, JSON.stringify(r));
      for (const h of unit.history) s.insertHistory.run(h.ciId, JSON.stringify(h));
    });

    this.#allocateTx = db.transaction((counter: string, count: number) => {
      const row = s.bumpCounter.get(counter, count, count) as { value: number };
      return row.value - count + 1;
    });
  }

  /**
   * One page of a table keyed by `seq`, filtered by `where`, newest or oldest first, with the
   * cursor being the last item's seq. Incidents, problems and CIs all page this way.
   */
  #pageBySeq<T>(
    table: 'incidents' | 'problems' | 'cis',
    where: string[],
    params: Array<string | number>,
    query: { limit: number; cursor?: string },
    order: 'newest' | 'oldest',
  ): Page<T> {
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 'n') as [number];
      where.push(order === 'newest' ? 'seq < ?' : 'seq > ?');
      params.push(seq);
    }
    const sql = `SELECT seq, doc FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as Array<Row & { seq: number }>;
    const result = page(
      rows.map((r) => ({ seq: r.seq, record: JSON.parse(r.doc) as T })),
      query.limit,
      (item) => [item.seq],
    );
    return { items: result.items.map((item) => item.record), next: result.next };
  }

  async ping(): Promise<void> {
    this.#stmt.ping.get();
  }

  /** GroupStore: see `correlator/store/group-store.ts`. */
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

  /** OutboxStore: see `correlator/store/outbox-store.ts`. */
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

  /** How many parsed alerts and incidents the read cache keeps (config `store.cache`). */
  get cacheCapacity(): { alerts: number; incidents: number } {
    return { alerts: this.#alertCache.capacity, incidents: this.#incidentCache.capacity };
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    this.#journal.fold();
    this.#journal.stop();
    await this.#walSyncer?.close();
    await this.#checkpointer?.stop();
    this.#db.close();
  }

  /**
   * Reserves ids without an fsync of its own: WAL frames reach the disk in order, so the counter
   * is durable by the time any record using one of its ids is (that commit syncs the WAL), and a
   * reservation lost in a crash was used by nothing durable.
   */
  async allocate(counter: string, count: number): Promise<number[]> {
    this.#db.pragma('synchronous = OFF');
    try {
      const first = this.#allocateTx(counter, count);
      return Array.from({ length: count }, (_, i) => first + i);
    } finally {
      this.#db.pragma(`synchronous = ${this.#synchronous}`);
    }
  }

  async loadBatchState(fingerprints: string[], clientEventIds: string[]): Promise<BatchState> {
    const s = this.#stmt;
    const alerts = new Map<string, AlertRecord>();
    const incidents = new Map<string, IncidentRecord>();
    for (const fp of fingerprints) {
      const alert = this.#alertNow(fp);
      if (!alert) continue;
      alerts.set(fp, alert);
      const incidentId = alert.incidentId;
      if (incidentId && !incidents.has(incidentId)) {
        let incident = this.#incidentCache.get(incidentId);
        if (!incident) {
          incident =
            parse<IncidentRecord>(s.getIncident.get(idNumber(incidentId), incidentId) as Row | undefined) ??
            undefined;
          if (incident) this.#incidentCache.set(incidentId, incident);
        }
        if (incident) incidents.set(incidentId, incident);
      }
    }
    const knownEventIds = new Set<string>();
    for (const id of clientEventIds) if (s.hasEvent.get(id)) knownEventIds.add(id);
    return { alerts, incidents, knownEventIds };
  }

  /**
   * Commits a unit in one transaction, then refreshes the read cache with the stored versions.
   * On a conflict the cached copies of the unit's records are dropped, so the retry reads the truth.
   */
  async commit(unit: UnitOfWork): Promise<void> {
    await (await this.commitDurableLater(unit)).durable;
  }

  /**
   * Commits a unit now (later reads see it; conflicts throw here) and returns a promise that
   * resolves once it is on disk: with `synchronous: full` the transaction itself does not fsync,
   * the WAL is synced on the thread pool (`WalSyncer`) while the pipeline correlates the next
   * batch. Nothing may be acknowledged before `durable` resolves.
   */
  async commitDurableLater(unit: UnitOfWork): Promise<{ durable: Promise<void> }> {
    this.#unknownAlerts.clear();
    const plan = planCommit(
      unit,
      (fingerprint) => this.#cachedAlert(fingerprint),
      (refresh) => this.#firing.current(refresh.fingerprint, refresh.basis),
    );
    const syncer = this.#walSyncer;
    let pendingBefore: Array<ActivityRow | undefined>;
    try {
      if (syncer) this.#db.pragma('synchronous = NORMAL');
      pendingBefore = this.#execute(plan);
    } catch (error) {
      for (const a of unit.alerts) this.#forget(a.fingerprint);
      for (const r of unit.refreshes ?? []) this.#forget(r.fingerprint);
      for (const i of unit.incidents) this.#incidentCache.delete(i.id);
      throw error;
    } finally {
      if (syncer) this.#db.pragma('synchronous = FULL');
    }
    this.#journal.committed(plan.alertActivity, pendingBefore, plan.activityBefore);
    for (const a of unit.alerts) {
      const stored = { ...a, version: a.version + 1 };
      this.#alertCache.set(a.fingerprint, stored);
      this.#firing.note(stored);
    }
    // A refresh changes the firing summary alone; a cached copy of the alert is brought up to date
    // when next read (`#cachedAlert`).
    const refreshes = unit.refreshes ?? [];
    const first = plan.activityBefore.length - refreshes.length;
    for (let i = 0; i < refreshes.length; i++) {
      this.#firing.refreshed(refreshes[i]!, plan.activityBefore[first + i]);
    }
    for (const i of unit.incidents) this.#incidentCache.set(i.id, { ...i, version: i.version + 1 });
    return { durable: syncer ? syncer.sync() : Promise.resolve() };
  }

  async getAlert(fingerprint: string): Promise<AlertRecord | null> {
    return this.#journal.overlay(alertFromRow(this.#stmt.getAlert.get(fingerprint) as AlertRow | undefined));
  }

  /**
   * The alert as last committed, synchronously: from the read cache, else from the file (then
   * cached), as `loadBatchState` reads it. `readFiringNow` makes firing summaries from it.
   * Undefined for an unknown fingerprint.
   */
  readAlertNow(fingerprint: string): AlertRecord | undefined {
    return this.#alertNow(fingerprint);
  }

  /** Whether a sender-chosen event id is stored, synchronously (the refresh path's retry check). */
  knowsEventIdNow(id: string): boolean {
    return this.#stmt.hasEvent.get(id) !== undefined;
  }

  /**
   * The firing summary of an alert (firing-index.ts), synchronously: from memory, else made from
   * the alert as `readAlertNow` gives it. Undefined when the alert is unknown or not firing. The
   * refresh path decides and writes repeats from it without the alert's document.
   */
  readFiringNow(fingerprint: string): FiringSummary | undefined {
    const summary = this.#firing.get(fingerprint);
    if (summary) return summary;
    const alert = this.#alertNow(fingerprint);
    return alert?.state === 'firing' ? this.#firing.note(alert) : undefined;
  }

  /**
   * The read cache's copy of an alert, brought up to date with the refreshes committed since it
   * was cached (they change only the firing summary's activity).
   */
  #cachedAlert(fingerprint: string): AlertRecord | undefined {
    const alert = this.#alertCache.get(fingerprint);
    if (!alert) return undefined;
    const summary = this.#firing.get(fingerprint);
    // Only a newer summary has news: with another writer on the file (`writeBehind: false`) the
    // cached copy can be newer, read after that writer's commit; its own version check catches
    // the stale summary when it is used.
    if (!summary || summary.version <= alert.version) return alert;
    const current: AlertRecord = {
      ...alert,
      count: summary.count,
      firstSeen: summary.firstSeen,
      lastSeen: summary.lastSeen,
      expiresAt: summary.expiresAt,
      version: summary.version,
    };
    if (summary.expiresAt === null) delete current.expiresAt;
    this.#alertCache.set(fingerprint, current);
    return current;
  }

  /** Drops what memory holds of an alert (after a failed commit). */
  #forget(fingerprint: string): void {
    this.#alertCache.delete(fingerprint);
    this.#firing.delete(fingerprint);
  }

  #alertNow(fingerprint: string): AlertRecord | undefined {
    let alert = this.#cachedAlert(fingerprint);
    if (!alert) {
      if (this.#unknownAlerts.has(fingerprint)) return undefined;
      const row = this.#stmt.getAlert.get(fingerprint) as AlertRow | undefined;
      alert = this.#journal.overlay(alertFromRow(row)) ?? undefined;
      if (alert) this.#alertCache.set(fingerprint, alert);
      else if (this.#unknownAlerts.size < MAX_UNKNOWN_ALERTS) this.#unknownAlerts.add(fingerprint);
    }
    return alert;
  }

  /** How many alerts' activity waits in the write-behind journal (tests, diagnostics). */
  get pendingActivity(): number {
    return this.#journal.pendingAlerts;
  }

  async alertsExpiringBefore(now: number, limit: number): Promise<AlertRecord[]> {
    if (this.#journal.affectsExpiryBefore(now)) this.#journal.fold();
    return (this.#stmt.expiringAlerts.all(now, limit) as AlertRow[]).map((r) => alertFromRow(r)!);
  }

  async listAlerts(query: AlertQuery): Promise<Page<AlertRecord>> {
    if (this.#journal.affectsAlertsIn(query.state)) this.#journal.fold();
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.state) where.push('a.state = ?') && params.push(query.state);
    if (query.resource) where.push('a.resource = ?') && params.push(query.resource);
    if (query.cursor) {
      const [lastSeen, fp] = decodeCursor(query.cursor, 'ns') as [number, string];
      where.push('(c.last_seen < ? OR (c.last_seen = ? AND c.fingerprint < ?))');
      params.push(lastSeen, lastSeen, fp);
    }
    const sql = `SELECT ${ALERT_COLUMNS} FROM alert_activity c JOIN alerts a ON a.fingerprint = c.fingerprint
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c.last_seen DESC, c.fingerprint DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as AlertRow[];
    return page(
      rows.map((r) => alertFromRow(r)!),
      query.limit,
      (a) => [a.lastSeen, a.fingerprint],
    );
  }

  async countEvents(): Promise<number> {
    return (this.#stmt.countEvents.get() as { n: number }).n;
  }

  async getIncident(id: string): Promise<IncidentRecord | null> {
    return parse<IncidentRecord>(this.#stmt.getIncident.get(idNumber(id), id) as Row | undefined);
  }

  async listIncidents(query: IncidentQuery): Promise<Page<IncidentRecord>> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.status) where.push('status = ?') && params.push(query.status);
    if (query.priority) where.push('priority = ?') && params.push(query.priority);
    if (query.open === true) where.push("status NOT IN ('resolved','closed')");
    if (query.open === false) where.push("status IN ('resolved','closed')");
    return this.#pageBySeq<IncidentRecord>('incidents', where, params, query, 'newest');
  }

  async getTimeline(id: string): Promise<TimelineEntry[]> {
    return parseAll<TimelineEntry>(this.#stmt.getTimeline.all(id));
  }

  async incidentsDueForResolution(now: number): Promise<IncidentRecord[]> {
    return parseAll<IncidentRecord>(this.#stmt.dueIncidents.all(now));
  }

  async incidentsDueForEscalation(now: number, limit: number): Promise<IncidentRecord[]> {
    return parseAll<IncidentRecord>(this.#stmt.escalationDue.all(now, limit));
  }

  async openIncidentCounts(): Promise<Array<{ priority: string; category: string; count: number }>> {
    return this.#stmt.openCounts.all() as Array<{ priority: string; category: string; count: number }>;
  }

  async incidentsByKey(
    resource: string,
    check: string,
    since: number,
    limit: number,
  ): Promise<IncidentRecord[]> {
    return parseAll<IncidentRecord>(this.#stmt.incidentsByKey.all(resource, check, since, limit));
  }

  async getProblem(id: string): Promise<ProblemRecord | null> {
    return parse<ProblemRecord>(this.#stmt.getProblem.get(idNumber(id), id) as Row | undefined);
  }

  async listProblems(query: ProblemQuery): Promise<Page<ProblemRecord>> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.state) where.push('state = ?') && params.push(query.state);
    return this.#pageBySeq<ProblemRecord>('problems', where, params, query, 'newest');
  }

  async findOpenProblem(resource: string, check: string): Promise<ProblemRecord | null> {
    return parse<ProblemRecord>(
      this.#stmt.openProblem.get(recurrenceKey(resource, check)) as Row | undefined,
    );
  }

  async problemCounts(): Promise<Array<{ state: string; count: number }>> {
    return this.#stmt.problemCounts.all() as Array<{ state: string; count: number }>;
  }

  async getCi(id: string): Promise<CiRecord | null> {
    return parse<CiRecord>(this.#stmt.getCi.get(id) as Row | undefined);
  }

  async findCiByIdentifier(
    ciClass: CiClass,
    kind: string,
    value: string,
    parentId: string | null,
  ): Promise<CiRecord | null> {
    const row = this.#stmt.findIdentifier.get(ciClass, kind, value, parentId ?? '') as
      | { ci_id: string }
      | undefined;
    return row ? this.getCi(row.ci_id) : null;
  }

  async findCisByName(name: string): Promise<CiRecord[]> {
    return parseAll<CiRecord>(this.#stmt.cisByName.all(name));
  }

  async listCis(query: CiQuery): Promise<Page<CiRecord>> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.class) where.push('class = ?') && params.push(query.class);
    if (query.state) where.push('state = ?') && params.push(query.state);
    if (query.source !== undefined)
      where.push('seq IN (SELECT seq FROM ci_sources WHERE source = ?)') && params.push(query.source);
    if (query.q !== undefined) {
      const term = searchTerm(query.q);
      const end = prefixEnd(term);
      where.push(`seq IN (SELECT seq FROM ci_search WHERE key >= ?${end === null ? '' : ' AND key < ?'})`);
      params.push(term, ...(end === null ? [] : [end]));
    }
    for (const [name, value] of Object.entries(query.attributes ?? {})) {
      const condition = attributeConditionSql(name, value);
      where.push(condition.sql) && params.push(...condition.params);
    }
    return this.#pageBySeq<CiRecord>('cis', where, params, query, 'oldest');
  }

  async relationsOf(ciId: string): Promise<CiRelation[]> {
    return parseAll<CiRelation>(this.#stmt.relationsOf.all(ciId, ciId));
  }

  async ciHistory(ciId: string, limit: number): Promise<CiHistoryEntry[]> {
    return parseAll<CiHistoryEntry>(this.#stmt.ciHistory.all(ciId, limit));
  }

  async dependentsOf(ciId: string, maxDepth: number, limit: number): Promise<string[]> {
    const rows = this.#stmt.dependents.all(ciId, maxDepth, ciId, limit) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async commitCmdb(unit: CmdbUnit): Promise<void> {
    this.#cmdbTx(unit);
  }

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

  async ciCounts(): Promise<Array<{ class: string; state: string; count: number }>> {
    return this.#stmt.ciCounts.all() as Array<{ class: string; state: string; count: number }>;
  }

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

  /** Deletes raw events received before `before` (retention), at most `maxBatches` batches; returns how many events went. */
  pruneEvents(before: number, maxBatches = 1000): number {
    this.#stmt.pruneClientIds.run(before, maxBatches * 100);
    const removed = this.#stmt.pruneEvents.all(before, maxBatches) as Array<{ count: number }>;
    return removed.reduce((sum, row) => sum + row.count, 0);
  }

  // SuppressionStore (correlator/store/suppression-store.ts), on the same connection.

  async putSilence(silence: SilenceRecord): Promise<void> {
    this.#suppression.putSilence(silence);
  }

  async getSilence(id: string): Promise<SilenceRecord | null> {
    return this.#suppression.getSilence(id);
  }

  async listSilences(query: SilenceQuery): Promise<Page<SilenceRecord>> {
    return this.#suppression.listSilences(query);
  }

  async liveSilences(now: number): Promise<SilenceRecord[]> {
    return this.#suppression.liveSilences(now);
  }

  async insertMaintenanceWindow(window: MaintenanceWindowRecord): Promise<boolean> {
    return this.#suppression.insertMaintenanceWindow(window);
  }

  async listMaintenanceWindows(): Promise<MaintenanceWindowRecord[]> {
    return this.#suppression.listMaintenanceWindows();
  }

  async deleteMaintenanceWindow(name: string): Promise<boolean> {
    return this.#suppression.deleteMaintenanceWindow(name);
  }

  async maintenanceStates(): Promise<Map<string, number>> {
    return this.#suppression.maintenanceStates();
  }

  async setMaintenanceState(name: string, activeSince: number | null): Promise<void> {
    this.#suppression.setMaintenanceState(name, activeSince);
  }
}
