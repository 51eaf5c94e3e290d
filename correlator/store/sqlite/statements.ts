import type Database from 'better-sqlite3';
import { ALERT_COLUMNS } from './rows.js';

/** Every prepared statement of the embedded store, compiled once per connection. */
export function prepare(db: Database.Database) {
  return {
    ping: db.prepare('SELECT 1'),
    saveGroup: db.prepare(
      'INSERT OR REPLACE INTO correlation_groups (rule, group_key, anchor, opened_at, doc) VALUES (?, ?, ?, ?, ?)',
    ),
    deleteGroup: db.prepare('DELETE FROM correlation_groups WHERE rule = ? AND group_key = ? AND anchor = ?'),
    insertNotification: db.prepare(
      'INSERT OR IGNORE INTO notifications (id, incident_id, receiver, state, next_attempt_at, created_at, settled_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
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
    expiringAlerts: db.prepare(
      `SELECT ${ALERT_COLUMNS} FROM alert_activity c JOIN alerts a ON a.fingerprint = c.fingerprint
       WHERE c.expires_at IS NOT NULL AND c.expires_at <= ? ORDER BY c.expires_at, c.fingerprint LIMIT ?`,
    ),
    insertAlert: db.prepare('INSERT INTO alerts(fingerprint, state, resource, doc) VALUES (?, ?, ?, ?)'),
    updateAlert: db.prepare('UPDATE alerts SET state = ?, resource = ?, doc = ? WHERE fingerprint = ?'),
    getIncident: db.prepare('SELECT doc FROM incidents WHERE seq = ? AND id = ?'),
    insertIncident: db.prepare(
      'INSERT OR IGNORE INTO incidents(id, seq, status, priority, category, resolve_due_at, next_escalation_at, resource, check_name, created_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)',
    ),
    updateIncident: db.prepare(
      'UPDATE incidents SET status = ?, priority = ?, category = ?, resolve_due_at = ?, next_escalation_at = ?, doc = ?, version = version + 1 WHERE seq = ? AND version = ?',
    ),
    insertTimeline: db.prepare('INSERT INTO timeline(incident_id, doc) VALUES (?, ?)'),
    getTimeline: db.prepare('SELECT doc FROM timeline WHERE incident_id = ? ORDER BY seq'),
    dueIncidents: db.prepare(
      "SELECT doc FROM incidents WHERE resolve_due_at IS NOT NULL AND resolve_due_at <= ? AND status NOT IN ('resolved','closed')",
    ),
    escalationDue: db.prepare(
      'SELECT doc FROM incidents WHERE next_escalation_at IS NOT NULL AND next_escalation_at <= ? ORDER BY next_escalation_at, seq LIMIT ?',
    ),
    openCounts: db.prepare(
      "SELECT priority, category, count(*) AS count FROM incidents WHERE status NOT IN ('resolved','closed') GROUP BY priority, category",
    ),
    incidentsByKey: db.prepare(
      'SELECT doc FROM incidents WHERE resource = ? AND check_name = ? AND created_at >= ? ORDER BY created_at, seq LIMIT ?',
    ),
    getProblem: db.prepare('SELECT doc FROM problems WHERE seq = ? AND id = ?'),
    openProblem: db.prepare('SELECT doc FROM problems WHERE open_key = ?'),
    insertProblem: db.prepare(
      'INSERT OR IGNORE INTO problems(id, seq, state, open_key, version, doc) VALUES (?, ?, ?, ?, 1, ?)',
    ),
    updateProblem: db.prepare(
      'UPDATE OR IGNORE problems SET state = ?, open_key = ?, doc = ?, version = version + 1 WHERE seq = ? AND version = ?',
    ),
    problemCounts: db.prepare('SELECT state, count(*) AS count FROM problems GROUP BY state'),
    getCi: db.prepare('SELECT doc FROM cis WHERE id = ?'),
    cisByName: db.prepare('SELECT doc FROM cis WHERE name = ? ORDER BY seq'),
    insertCi: db.prepare(
      'INSERT OR IGNORE INTO cis(id, seq, class, name, state, version, doc) VALUES (?, ?, ?, ?, ?, 1, ?)',
    ),
    updateCi: db.prepare(
      'UPDATE cis SET name = ?, state = ?, doc = ?, version = version + 1 WHERE id = ? AND version = ?',
    ),
    deleteIdentifiers: db.prepare('DELETE FROM ci_identifiers WHERE ci_id = ?'),
    deleteSearchKeys: db.prepare('DELETE FROM ci_search WHERE seq = ?'),
    insertSearchKey: db.prepare('INSERT OR IGNORE INTO ci_search(key, seq) VALUES (?, ?)'),
    deleteSources: db.prepare('DELETE FROM ci_sources WHERE seq = ?'),
    insertSource: db.prepare('INSERT OR IGNORE INTO ci_sources(source, seq) VALUES (?, ?)'),
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
