import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { NormalisedEvent } from '../../model/event.js';
import type { CiClass } from '../../model/itil.js';
import type {
  AlertRecord,
  CiHistoryEntry,
  CiRecord,
  CiRelation,
  IncidentRecord,
  TimelineEntry,
} from '../../model/records.js';
import type {
  AlertQuery,
  BatchState,
  CiQuery,
  CmdbUnit,
  IncidentQuery,
  Page,
  Store,
  UnitOfWork,
} from '../contract.js';
import { StoreConflictError } from '../contract.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { MIGRATIONS } from './migrations.js';
import { RecordCache } from './record-cache.js';

/** Options of the embedded store. */
export interface SqliteStoreOptions {
  /** File path, or `:memory:` for tests. */
  path: string;
  /** `full` fsyncs every commit (survives power loss); `normal` survives process crashes only. */
  synchronous?: 'full' | 'normal';
  /** How many parsed alerts / incidents the pipeline's read cache keeps (default 50,000 / 10,000). */
  cacheAlerts?: number;
  cacheIncidents?: number;
}

type Row = { doc: string };
const parse = <T>(row: Row | undefined): T | null => (row ? (JSON.parse(row.doc) as T) : null);

/**
 * The embedded store: SQLite through better-sqlite3 in WAL mode. Each unit of work is one
 * transaction, so a 2xx after `commit` means the events are on disk.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #stmt;
  readonly #commitTx: (unit: UnitOfWork) => void;
  readonly #cmdbTx: (unit: CmdbUnit) => void;
  readonly #allocateTx: (counter: string, count: number) => number;
  readonly #synchronous: 'NORMAL' | 'FULL';
  readonly #alertCache: RecordCache<AlertRecord>;
  readonly #incidentCache: RecordCache<IncidentRecord>;

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    this.#db = db;
    this.#alertCache = new RecordCache(options.cacheAlerts ?? 50_000);
    this.#incidentCache = new RecordCache(options.cacheIncidents ?? 10_000);
    db.pragma('journal_mode = WAL');
    this.#synchronous = options.synchronous === 'normal' ? 'NORMAL' : 'FULL';
    db.pragma(`synchronous = ${this.#synchronous}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    migrate(db);
    this.#stmt = prepare(db);
    const s = this.#stmt;

    this.#commitTx = db.transaction((unit: UnitOfWork) => {
      if (unit.events.length > 0) {
        for (const e of unit.events) if (e.clientId) s.insertClientId.run(e.id, e.receivedAt);
        const receivedAt = unit.events[0]!.receivedAt;
        s.insertEventBatch.run(
          receivedAt,
          unit.events.length,
          JSON.stringify(unit.events.map(eventLogEntry)),
        );
      }
      for (const a of unit.alerts) {
        const next = a.version + 1;
        if (a.version === 0) {
          if (s.insertActivity.run(a.fingerprint, a.count, a.firstSeen, a.lastSeen, expiry(a)).changes === 0)
            throw new StoreConflictError(`alert ${a.fingerprint}`);
          s.insertAlert.run(a.fingerprint, a.state, a.resource, JSON.stringify({ ...a, version: next }));
          continue;
        }
        if (
          s.updateActivity.run(a.count, a.firstSeen, a.lastSeen, expiry(a), a.fingerprint, a.version)
            .changes === 0
        ) {
          throw new StoreConflictError(`alert ${a.fingerprint}`);
        }
        if (!onlyActivityChanged(this.#alertCache.get(a.fingerprint), a)) {
          s.updateAlert.run(a.state, a.resource, JSON.stringify({ ...a, version: next }), a.fingerprint);
        }
      }
      for (const i of unit.incidents) {
        const doc = JSON.stringify({ ...i, version: i.version + 1 });
        if (i.version === 0) {
          const seq = idNumber(i.id);
          // An existing id means another writer created it meanwhile: a conflict, like a stale update.
          const row = s.insertIncident.run(i.id, seq, i.status, i.priority, i.category, i.resolveDueAt, doc);
          if (row.changes === 0) throw new StoreConflictError(`incident ${i.id}`);
        } else if (
          s.updateIncident.run(
            i.status,
            i.priority,
            i.category,
            i.resolveDueAt,
            doc,
            idNumber(i.id),
            i.version,
          ).changes === 0
        ) {
          throw new StoreConflictError(`incident ${i.id}`);
        }
      }
      for (const t of unit.timeline) s.insertTimeline.run(t.incidentId, JSON.stringify(t.entry));
    });

    this.#cmdbTx = db.transaction((unit: CmdbUnit) => {
      for (const ci of unit.cis) {
        const doc = JSON.stringify({ ...ci, version: ci.version + 1 });
        if (ci.version === 0) {
          const seq = Number(ci.id.replace(/^\D+/, ''));
          if (s.insertCi.run(ci.id, seq, ci.class, ci.name, ci.state, doc).changes === 0)
            throw new StoreConflictError(`ci ${ci.id}`);
        } else if (s.updateCi.run(ci.name, ci.state, doc, ci.id, ci.version).changes === 0) {
          throw new StoreConflictError(`ci ${ci.id}`);
        }
        s.deleteIdentifiers.run(ci.id);
        for (const [kind, value] of Object.entries(ci.identifiers)) {
          s.upsertIdentifier.run(ci.class, kind, value, ci.parentId ?? '', ci.id);
        }
      }
      for (const r of unit.relations) s.upsertRelation.run(r.fromId, r.toId, r.type, JSON.stringify(r));
      for (const h of unit.history) s.insertHistory.run(h.ciId, JSON.stringify(h));
    });

    this.#allocateTx = db.transaction((counter: string, count: number) => {
      const row = s.bumpCounter.get(counter, count, count) as { value: number };
      return row.value - count + 1;
    });
  }

  async ping(): Promise<void> {
    this.#stmt.ping.get();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
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
      let alert = this.#alertCache.get(fp);
      if (!alert) {
        alert = alertFromRow(s.getAlert.get(fp) as AlertRow | undefined) ?? undefined;
        if (alert) this.#alertCache.set(fp, alert);
      }
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
    try {
      this.#commitTx(unit);
    } catch (error) {
      for (const a of unit.alerts) this.#alertCache.delete(a.fingerprint);
      for (const i of unit.incidents) this.#incidentCache.delete(i.id);
      throw error;
    }
    for (const a of unit.alerts) this.#alertCache.set(a.fingerprint, { ...a, version: a.version + 1 });
    for (const i of unit.incidents) this.#incidentCache.set(i.id, { ...i, version: i.version + 1 });
  }

  async getAlert(fingerprint: string): Promise<AlertRecord | null> {
    return alertFromRow(this.#stmt.getAlert.get(fingerprint) as AlertRow | undefined);
  }

  async alertsExpiringBefore(now: number, limit: number): Promise<AlertRecord[]> {
    return (this.#stmt.expiringAlerts.all(now, limit) as AlertRow[]).map((r) => alertFromRow(r)!);
  }

  async listAlerts(query: AlertQuery): Promise<Page<AlertRecord>> {
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
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 'n') as [number];
      where.push('seq < ?');
      params.push(seq);
    }
    const sql = `SELECT seq, doc FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as Array<Row & { seq: number }>;
    const items = rows.map((r) => ({ seq: r.seq, record: JSON.parse(r.doc) as IncidentRecord }));
    const result = page(items, query.limit, (i) => [i.seq]);
    return { items: result.items.map((i) => i.record), next: result.next };
  }

  async getTimeline(id: string): Promise<TimelineEntry[]> {
    return (this.#stmt.getTimeline.all(id) as Row[]).map((r) => JSON.parse(r.doc) as TimelineEntry);
  }

  async incidentsDueForResolution(now: number): Promise<IncidentRecord[]> {
    return (this.#stmt.dueIncidents.all(now) as Row[]).map((r) => JSON.parse(r.doc) as IncidentRecord);
  }

  async openIncidentCounts(): Promise<Array<{ priority: string; category: string; count: number }>> {
    return this.#stmt.openCounts.all() as Array<{ priority: string; category: string; count: number }>;
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
    return (this.#stmt.cisByName.all(name) as Row[]).map((r) => JSON.parse(r.doc) as CiRecord);
  }

  async listCis(query: CiQuery): Promise<Page<CiRecord>> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.class) where.push('class = ?') && params.push(query.class);
    if (query.q)
      where.push("name LIKE ? ESCAPE '\\'") && params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 'n') as [number];
      where.push('seq > ?');
      params.push(seq);
    }
    const sql = `SELECT seq, doc FROM cis ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, query.limit + 1) as Array<Row & { seq: number }>;
    const result = page(
      rows.map((r) => ({ seq: r.seq, record: JSON.parse(r.doc) as CiRecord })),
      query.limit,
      (c) => [c.seq],
    );
    return { items: result.items.map((c) => c.record), next: result.next };
  }

  async relationsOf(ciId: string): Promise<CiRelation[]> {
    return (this.#stmt.relationsOf.all(ciId, ciId) as Row[]).map((r) => JSON.parse(r.doc) as CiRelation);
  }

  async ciHistory(ciId: string, limit: number): Promise<CiHistoryEntry[]> {
    return (this.#stmt.ciHistory.all(ciId, limit) as Row[]).map((r) => JSON.parse(r.doc) as CiHistoryEntry);
  }

  async dependentsOf(ciId: string, maxDepth: number, limit: number): Promise<string[]> {
    const rows = this.#stmt.dependents.all(ciId, maxDepth, ciId, limit) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async commitCmdb(unit: CmdbUnit): Promise<void> {
    this.#cmdbTx(unit);
  }

  async ciCounts(): Promise<Array<{ class: string; state: string; count: number }>> {
    return this.#stmt.ciCounts.all() as Array<{ class: string; state: string; count: number }>;
  }

  /** Deletes raw events received before `before` (retention), at most `maxBatches` batches; returns how many events went. */
  pruneEvents(before: number, maxBatches = 1000): number {
    this.#stmt.pruneClientIds.run(before, maxBatches * 100);
    const removed = this.#stmt.pruneEvents.all(before, maxBatches) as Array<{ count: number }>;
    return removed.reduce((sum, row) => sum + row.count, 0);
  }
}

/**
 * One event in the raw log: a positional array (the layout is documented in the migration),
 * about a third smaller than the object and cheaper to serialise on the ingest hot path.
 */
function eventLogEntry(e: NormalisedEvent): unknown[] {
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
const ALERT_COLUMNS =
  'a.doc AS doc, c.count AS count, c.first_seen AS firstSeen, c.last_seen AS lastSeen, c.version AS version, c.expires_at AS expiresAt';

type AlertRow = Row & {
  count: number;
  firstSeen: number;
  lastSeen: number;
  version: number;
  expiresAt: number | null;
};

/** The expiry column of an alert: only firing alerts expire. */
const expiry = (a: AlertRecord): number | null => (a.state === 'firing' ? (a.expiresAt ?? null) : null);

function alertFromRow(row: AlertRow | undefined): AlertRecord | null {
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
function onlyActivityChanged(previous: AlertRecord | undefined, next: AlertRecord): boolean {
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

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

/** The number an id ends in (`INC-000042` -> 42): the incidents table's key. */
function idNumber(id: string): number {
  return Number(id.replace(/^\D+/, ''));
}

function page<T>(rows: T[], limit: number, key: (row: T) => Array<string | number>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}

/** Applies pending migrations in one IMMEDIATE transaction, so two processes opening a new file cannot race. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

function prepare(db: Database.Database) {
  return {
    ping: db.prepare('SELECT 1'),
    bumpCounter: db.prepare(
      'INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + ? RETURNING value',
    ),
    insertEventBatch: db.prepare('INSERT INTO event_batches(received_at, count, body) VALUES (?, ?, ?)'),
    insertClientId: db.prepare('INSERT OR IGNORE INTO client_event_ids(id, received_at) VALUES (?, ?)'),
    hasEvent: db.prepare('SELECT 1 FROM client_event_ids WHERE id = ?'),
    countEvents: db.prepare('SELECT coalesce(sum(count), 0) AS n FROM event_batches'),
    pruneEvents: db.prepare(
      'DELETE FROM event_batches WHERE seq IN (SELECT seq FROM event_batches WHERE received_at < ? ORDER BY seq LIMIT ?) RETURNING count',
    ),
    pruneClientIds: db.prepare(
      'DELETE FROM client_event_ids WHERE id IN (SELECT id FROM client_event_ids WHERE received_at < ? LIMIT ?)',
    ),
    getAlert: db.prepare(
      `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN alert_activity c ON c.fingerprint = a.fingerprint WHERE a.fingerprint = ?`,
    ),
    insertActivity: db.prepare(
      'INSERT OR IGNORE INTO alert_activity(fingerprint, count, first_seen, last_seen, expires_at, version) VALUES (?, ?, ?, ?, ?, 1)',
    ),
    updateActivity: db.prepare(
      'UPDATE alert_activity SET count = ?, first_seen = ?, last_seen = ?, expires_at = ?, version = version + 1 WHERE fingerprint = ? AND version = ?',
    ),
    expiringAlerts: db.prepare(
      `SELECT ${ALERT_COLUMNS} FROM alert_activity c JOIN alerts a ON a.fingerprint = c.fingerprint
       WHERE c.expires_at IS NOT NULL AND c.expires_at <= ? ORDER BY c.expires_at, c.fingerprint LIMIT ?`,
    ),
    insertAlert: db.prepare('INSERT INTO alerts(fingerprint, state, resource, doc) VALUES (?, ?, ?, ?)'),
    updateAlert: db.prepare('UPDATE alerts SET state = ?, resource = ?, doc = ? WHERE fingerprint = ?'),
    getIncident: db.prepare('SELECT doc FROM incidents WHERE seq = ? AND id = ?'),
    insertIncident: db.prepare(
      'INSERT OR IGNORE INTO incidents(id, seq, status, priority, category, resolve_due_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, 1, ?)',
    ),
    updateIncident: db.prepare(
      'UPDATE incidents SET status = ?, priority = ?, category = ?, resolve_due_at = ?, doc = ?, version = version + 1 WHERE seq = ? AND version = ?',
    ),
    insertTimeline: db.prepare('INSERT INTO timeline(incident_id, doc) VALUES (?, ?)'),
    getTimeline: db.prepare('SELECT doc FROM timeline WHERE incident_id = ? ORDER BY seq'),
    dueIncidents: db.prepare(
      "SELECT doc FROM incidents WHERE resolve_due_at IS NOT NULL AND resolve_due_at <= ? AND status NOT IN ('resolved','closed')",
    ),
    openCounts: db.prepare(
      "SELECT priority, category, count(*) AS count FROM incidents WHERE status NOT IN ('resolved','closed') GROUP BY priority, category",
    ),
    getCi: db.prepare('SELECT doc FROM cis WHERE id = ?'),
    cisByName: db.prepare('SELECT doc FROM cis WHERE name = ? ORDER BY seq'),
    insertCi: db.prepare(
      'INSERT OR IGNORE INTO cis(id, seq, class, name, state, version, doc) VALUES (?, ?, ?, ?, ?, 1, ?)',
    ),
    updateCi: db.prepare(
      'UPDATE cis SET name = ?, state = ?, doc = ?, version = version + 1 WHERE id = ? AND version = ?',
    ),
    deleteIdentifiers: db.prepare('DELETE FROM ci_identifiers WHERE ci_id = ?'),
    upsertIdentifier: db.prepare(
      'INSERT INTO ci_identifiers(class, kind, value, parent_id, ci_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET ci_id = excluded.ci_id',
    ),
    findIdentifier: db.prepare(
      'SELECT ci_id FROM ci_identifiers WHERE class = ? AND kind = ? AND value = ? AND parent_id = ?',
    ),
    // A relation observed again takes the new provenance but keeps when it was first seen (`since`).
    upsertRelation: db.prepare(
      `INSERT INTO ci_relations(from_id, to_id, type, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET doc = json_set(excluded.doc, '$.since', json_extract(ci_relations.doc, '$.since'))`,
    ),
    relationsOf: db.prepare('SELECT doc FROM ci_relations WHERE from_id = ? OR to_id = ?'),
    insertHistory: db.prepare('INSERT INTO ci_history(ci_id, doc) VALUES (?, ?)'),
    ciHistory: db.prepare('SELECT doc FROM ci_history WHERE ci_id = ? ORDER BY seq DESC LIMIT ?'),
    // Dependents: CIs that run on or depend on the CI, transitively. Contained parts (its own
    // filesystems, interfaces) are not dependents: they do not widen the impact of its failure.
    // A dependency cycle leads back to the CI itself, which is not its own dependent.
    dependents: db.prepare(`
      WITH RECURSIVE dep(id, depth) AS (
        SELECT ?, 0
        UNION
        SELECT r.from_id, dep.depth + 1
        FROM ci_relations r JOIN dep ON r.type IN ('runs_on', 'depends_on') AND r.to_id = dep.id
        WHERE dep.depth < ?
      )
      SELECT DISTINCT id FROM dep WHERE depth > 0 AND id <> ? LIMIT ?`),
    ciCounts: db.prepare('SELECT class, state, count(*) AS count FROM cis GROUP BY class, state'),
  };
}
