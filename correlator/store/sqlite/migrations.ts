/**
 * Versioned schema migrations of the embedded store, applied in order and recorded in
 * `PRAGMA user_version`. Append new entries; never edit a shipped one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'events, alerts, incidents, timeline, problems, counters, CMDB',
    sql: `
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      -- The raw event log, one row per committed batch: one B-tree insert per batch instead of
      -- per event. body is a JSON array with one array per event:
      -- [id, fingerprint, time, source, resource, check, severity, status, summary, labels].
      CREATE TABLE event_batches (
        seq INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        count INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX event_batches_received ON event_batches(received_at);
      -- Only sender-chosen ids need an index: they make retries idempotent. Server ids are UUIDs.
      CREATE TABLE client_event_ids (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE alerts (
        fingerprint TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        resource TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX alerts_resource ON alerts(resource);
      -- The hot part of every alert, rewritten on each occurrence. Narrow rows keep a repeat
      -- cheap: the document above is rewritten only when something in it changes.
      CREATE TABLE alert_activity (
        fingerprint TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        version INTEGER NOT NULL,
        -- When a firing alert resolves unless refreshed (Prometheus endsAt); NULL for most alerts,
        -- so the partial index below stays as small as the set of expiring alerts.
        expires_at INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX alert_activity_last_seen ON alert_activity(last_seen, fingerprint);
      CREATE INDEX alert_activity_expires ON alert_activity(expires_at) WHERE expires_at IS NOT NULL;
      -- Keyed by the number the id ends in (INC-000042 -> 42): lists run newest first on the
      -- primary key itself and lookups by id need no second index.
      CREATE TABLE incidents (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        priority TEXT NOT NULL,
        category TEXT NOT NULL,
        resolve_due_at INTEGER,
        -- When the incident escalates next (the record's escalationDueAt), NULL once it cannot:
        -- resolved, closed, or every target acknowledged or breached. Kept small by the partial index.
        next_escalation_at INTEGER,
        -- The resource and check of the opening alert and the creation time: recurring incidents
        -- are counted by them (problems). NULL on incidents written without them.
        resource TEXT,
        check_name TEXT,
        created_at INTEGER,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX incidents_recurrence ON incidents(resource, check_name, created_at, seq);
      CREATE INDEX incidents_status ON incidents(status);
      CREATE INDEX incidents_due ON incidents(resolve_due_at) WHERE resolve_due_at IS NOT NULL;
      CREATE INDEX incidents_escalation ON incidents(next_escalation_at, seq) WHERE next_escalation_at IS NOT NULL;
      CREATE TABLE timeline (
        seq INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX timeline_incident ON timeline(incident_id, seq);
      -- Problems, keyed by the number the id ends in (PRB-000042 -> 42). open_key is
      -- resource NUL check while the problem is open or a known error, NULL otherwise: the unique
      -- constraint keeps one live problem per key.
      CREATE TABLE problems (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        open_key TEXT UNIQUE,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX problems_state ON problems(state, seq);
      CREATE TABLE cis (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        class TEXT NOT NULL,
        name TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX cis_name ON cis(name);
      CREATE INDEX cis_class ON cis(class, seq);
      CREATE TABLE ci_identifiers (
        class TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        parent_id TEXT NOT NULL,
        ci_id TEXT NOT NULL,
        PRIMARY KEY (class, kind, value, parent_id)
      ) WITHOUT ROWID;
      CREATE INDEX ci_identifiers_ci ON ci_identifiers(ci_id);
      CREATE TABLE ci_relations (
        from_id TEXT NOT NULL,
        to_id TEXT NOT NULL,
        type TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (from_id, to_id, type)
      ) WITHOUT ROWID;
      CREATE INDEX ci_relations_to ON ci_relations(to_id);
      CREATE TABLE ci_history (
        seq INTEGER PRIMARY KEY,
        ci_id TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX ci_history_ci ON ci_history(ci_id, seq);
    `,
  },
  {
    version: 2,
    description: 'SLA: outage intervals of CIs and services',
    sql: `
      -- One row per outage of a subject (ci:<id> or service:<name>); end_at NULL while it lasts.
      -- The partial unique index keeps at most one open outage per subject.
      CREATE TABLE outages (
        seq INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        end_at INTEGER
      );
      CREATE UNIQUE INDEX outages_open ON outages(subject) WHERE end_at IS NULL;
      CREATE INDEX outages_subject ON outages(subject, start_at);
    `,
  },
  {
    version: 3,
    description: 'change records of automation runs',
    sql: `
      -- Keyed by the number the id ends in (CHG-000042 -> 42). target is the per-CI rate-limit key
      -- (the incident's first CI, else resource:<name>); action is kind:name of what ran.
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        rule TEXT NOT NULL,
        action TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        -- When a verifying change must have seen its signal recover; NULL in every other state.
        verify_due_at INTEGER,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX changes_rule_incident ON changes(rule, incident_id, created_at);
      CREATE INDEX changes_rule_target ON changes(rule, target, created_at);
      CREATE INDEX changes_target ON changes(target, created_at);
      CREATE INDEX changes_action ON changes(action, created_at);
      CREATE INDEX changes_incident ON changes(incident_id, seq);
      CREATE INDEX changes_state ON changes(state, seq);
      CREATE INDEX changes_verify ON changes(verify_due_at, seq) WHERE verify_due_at IS NOT NULL;
    `,
  },
  {
    version: 4,
    description: 'suppression: silences, maintenance windows',
    sql: `
      -- Silences (Alertmanager-like). Expiring one early moves its ends_at; rows are kept so the
      -- list can show expired silences.
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX silences_ends ON silences(ends_at);
      CREATE INDEX silences_created ON silences(created_at, id);
      -- Maintenance windows created through the API (config windows live in the config file).
      CREATE TABLE maintenance_windows (name TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
      -- Which occurrence of each window (config or API) was last announced as started, so
      -- maintenance.started / maintenance.ended are emitted once each, across restarts.
      CREATE TABLE maintenance_state (name TEXT PRIMARY KEY, active_since INTEGER NOT NULL) WITHOUT ROWID;
      -- Every tick lists the suppressed alerts to see whose suppression ended: without this index
      -- that is a scan of all alerts.
      CREATE INDEX alerts_state ON alerts(state);
    `,
  },
  {
    version: 5,
    description: 'correlation groups of grouping rules',
    sql: `
      CREATE TABLE correlation_groups (
        rule TEXT NOT NULL,
        group_key TEXT NOT NULL,
        -- The CI a related-CI group started on; '' for groups without one.
        anchor TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (rule, group_key, anchor)
      ) WITHOUT ROWID;
      CREATE INDEX correlation_groups_opened ON correlation_groups(opened_at);
    `,
  },
  {
    version: 6,
    description: 'CMDB list filters: state and source indexes, identifier search keys',
    // The backfill computes the same keys as cmdb/search-keys.ts for CIs stored before version 6
    // (a test compares them); from then on the store writes them with every CI.
    sql: `
      CREATE INDEX cis_state ON cis(state, seq);
      CREATE INDEX cis_class_state ON cis(class, state, seq);
      CREATE TABLE ci_sources (source TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (source, seq)) WITHOUT ROWID;
      CREATE INDEX ci_sources_seq ON ci_sources(seq);
      CREATE TABLE ci_search (key TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
      CREATE INDEX ci_search_seq ON ci_search(seq);
      INSERT OR IGNORE INTO ci_sources(source, seq)
        SELECT j.value, c.seq FROM cis c, json_each(c.doc, '$.sources') j WHERE j.type = 'text';
      WITH RECURSIVE
        raw(seq, value) AS (
          SELECT seq, name FROM cis
          UNION ALL
          SELECT c.seq, j.value FROM cis c, json_each(c.doc, '$.identifiers') j
            WHERE j.key IN ('serial', 'uuid', 'fqdn', 'hostname', 'sysName', 'mac', 'managementAddress')
          UNION ALL
          SELECT c.seq, j.value FROM cis c, json_each(c.doc, '$.attributes') a,
            json_each(CASE WHEN json_type(a.value, '$.value') = 'array' THEN json_extract(a.value, '$.value')
                           ELSE json_array(json_extract(a.value, '$.value')) END) j
            WHERE a.key IN ('fqdn', 'serial', 'ipv4', 'ipv6', 'addresses', 'managementAddress', 'sshAddress')
              AND j.type = 'text'
        ),
        macs(seq, rest, item) AS (
          SELECT seq, json_extract(doc, '$.identifiers.macs') || ',', NULL FROM cis
            WHERE json_type(doc, '$.identifiers.macs') = 'text'
          UNION ALL
          SELECT seq, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1)
            FROM macs WHERE rest <> ''
        )
      INSERT OR IGNORE INTO ci_search(key, seq)
        SELECT lower(trim(value)), seq FROM (SELECT seq, value FROM raw UNION ALL SELECT seq, item FROM macs WHERE item IS NOT NULL)
        WHERE trim(value) <> '' AND length(trim(value)) <= 256;
    `,
  },
  {
    version: 7,
    description: 'notification outbox',
    sql: `
      -- The durable outbox (docs/notifications.md): one row per notification an incident transition
      -- produced, inserted in the transition's own transaction; the dispatcher delivers and updates it.
      CREATE TABLE notifications (
        seq INTEGER PRIMARY KEY,
        -- The idempotency key, sent as the Idempotency-Key header.
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL,
        receiver TEXT NOT NULL,
        state TEXT NOT NULL,
        -- When a pending notification is tried next; NULL once delivered or dead.
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX notifications_due ON notifications(next_attempt_at) WHERE next_attempt_at IS NOT NULL;
      CREATE INDEX notifications_state ON notifications(state, seq);
      CREATE INDEX notifications_incident ON notifications(incident_id, seq);
    `,
  },
  {
    version: 8,
    description: 'notification claims and outbox retention',
    sql: `
      -- A dispatcher's claim on a notification it is sending (claimNotification): only that claim
      -- may record the outcome. settled_at: when a delivered or dead notification counts from for
      -- notify.retention (outbox-store.ts settledAt); NULL while pending, which is never pruned.
      ALTER TABLE notifications ADD COLUMN claim_owner TEXT;
      ALTER TABLE notifications ADD COLUMN claim_until INTEGER;
      ALTER TABLE notifications ADD COLUMN settled_at INTEGER;
      UPDATE notifications SET settled_at = coalesce(json_extract(doc, '$.deliveredAt'),
        json_extract(doc, '$.requeuedAt'), created_at) WHERE state <> 'pending';
      CREATE INDEX notifications_settled ON notifications(settled_at) WHERE settled_at IS NOT NULL;
    `,
  },
  {
    version: 9,
    description: 'write-behind journal of alert activity',
    sql: `
      -- Alert activity of commits not yet folded into alert_activity (activity-journal.ts): one row
      -- per commit, body a JSON array of [count, firstSeen, lastSeen, expiresAt, fingerprint,
      -- version before the commit]. Replayed on open, deleted once folded.
      CREATE TABLE alert_activity_journal (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
    `,
  },
];
