/**
 * Every Redis key name of the Redis store, in one place (BullMQ's `queue-keys.ts` pattern).
 *
 * Hash-tag scheme: every key is `{<prefix>}:<name>`. The part in braces is the Redis Cluster
 * hash tag, so all keys of one installation hash to ONE slot: a unit of work touches alerts,
 * incidents, problems, indexes and timelines together, and a Lua script may only touch keys of
 * one slot. Cluster therefore works (scripts are legal, MOVED redirects are followed), but one
 * installation lives on one shard; shard by running installations with different prefixes.
 * Records live in hashes and indexes in sorted sets with fixed names, so scripts never build a
 * key name themselves: the few per-record keys (timelines, CI histories) are computed here and
 * passed to the scripts in KEYS.
 */
export class RedisKeys {
  readonly tag: string;

  constructor(prefix: string) {
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix)) throw new Error(`invalid Redis key prefix ${prefix}`);
    this.tag = `{${prefix}}`;
  }

  #k = (name: string) => `${this.tag}:${name}`;

  /** Named counters (`allocate`): hash name -> last value. */
  get counters() {
    return this.#k('counters');
  }

  /**
   * Fixed keys of the unit-of-work script, in the order `commit.lua` expects them: KEYS[1..27]
   * the records, KEYS[28..39] the outbox (`outbox`, so a transition and its notifications are
   * written in one script).
   */
  get commit(): string[] {
    return [...this.#commitRecords, ...this.outbox];
  }

  get #commitRecords(): string[] {
    return [
      'events:log', // 1 stream: one entry per committed batch
      'events:count', // 2 string: events committed
      'events:client-ids', // 3 hash: client event id -> receivedAt
      'alert:doc', // 4 hash: fingerprint -> JSON
      'alert:meta', // 5 hash: fingerprint -> version \0 lastSeen \0 state \0 resource
      'alert:by-seen', // 6 lex zset: lastSeen \0 fingerprint
      'alert:by-state', // 7 lex zset: state \0 lastSeen \0 fingerprint
      'alert:by-res', // 8 lex zset: resource \0 lastSeen \0 fingerprint
      'alert:by-state-res', // 9 lex zset: state \0 resource \0 lastSeen \0 fingerprint
      'alert:expiry', // 10 zset: score expiresAt, member fingerprint (firing only)
      'inc:doc', // 11 hash: id -> JSON
      'inc:meta', // 12 hash: id -> version \0 status \0 priority \0 category
      'inc:all', // 13 lex zset: seq \0 id
      'inc:by-status', // 14 lex zset: status \0 seq \0 id
      'inc:by-prio', // 15 lex zset: priority \0 seq \0 id
      'inc:open', // 16 lex zset: seq \0 id (not resolved or closed)
      'inc:done', // 17 lex zset: seq \0 id (resolved or closed)
      'inc:resolve-due', // 18 zset: score resolveDueAt, member id (open only)
      'inc:escalation', // 19 zset: score escalationDueAt, member seq \0 id (open only)
      'inc:open-counts', // 20 hash: priority \0 category -> open incidents
      'inc:by-key', // 21 lex zset: resource \0 check \0 createdAt \0 seq \0 id
      'prb:doc', // 22 hash: id -> JSON
      'prb:meta', // 23 hash: id -> version \0 state \0 openKey
      'prb:all', // 24 lex zset: seq \0 id
      'prb:by-state', // 25 lex zset: state \0 seq \0 id
      'prb:open', // 26 hash: resource \0 check -> id of the open or known-error problem
      'prb:counts', // 27 hash: state -> problems
    ].map(this.#k);
  }

  /**
   * Keys of the notification outbox (OutboxStore), in the order the outbox helpers of
   * `prelude.lua` expect them (`ntf_keys`). A queue is `incident NUL receiver`, each JSON-encoded;
   * seq is the zero-padded queue order.
   */
  get outbox(): string[] {
    return [
      'ntf:doc', // 1 hash: id -> JSON entry
      'ntf:meta', // 2 hash: id -> JSON { seq, st, q, inc, rf, rcv, nx, so, co, cu }
      'ntf:seq', // 3 string: last seq handed out
      'ntf:all', // 4 lex zset: seq NUL id
      'ntf:by-state', // 5 lex zset: state NUL seq NUL id
      'ntf:by-inc', // 6 lex zset: incident (JSON) NUL seq NUL id
      'ntf:by-recv', // 7 lex zset: receiver (JSON) NUL seq NUL id
      'ntf:pending', // 8 lex zset: queue NUL seq NUL id (pending only)
      'ntf:due', // 9 zset: score next attempt, member seq NUL id (the oldest pending one per queue only)
      'ntf:head', // 10 hash: queue -> its member in ntf:due
      'ntf:counts', // 11 hash: state NUL receiver -> notifications
      'ntf:settled', // 12 zset: score settledAt, member id (delivered and dead only)
    ].map(this.#k);
  }

  /** Fixed keys of the CMDB script, in the order `commit-cmdb.lua` expects them (KEYS[1..16]). */
  get cmdb(): string[] {
    return [
      'ci:doc', // 1 hash: id -> JSON
      'ci:meta', // 2 hash: id -> version \0 class \0 state \0 seq \0 name
      'ci:all', // 3 lex zset: seq \0 id
      'ci:by-class', // 4 lex zset: class \0 seq \0 id
      'ci:by-name', // 5 lex zset: name \0 seq \0 id
      'ci:ident', // 6 hash: class \0 kind \0 value \0 parentId -> CI id
      'ci:ident-of', // 7 hash: CI id -> JSON array of its identifier fields
      'ci:counts', // 8 hash: class \0 state -> CIs
      'rel:doc', // 9 hash: from \0 to \0 type -> JSON
      'rel:since', // 10 hash: from \0 to \0 type -> first since
      'rel:idx', // 11 lex zset: F \0 from \0 to \0 type and T \0 to \0 from \0 type
      'ci:by-state', // 12 lex zset: state \0 seq \0 id
      'ci:by-class-state', // 13 lex zset: class \0 state \0 seq \0 id
      'ci:by-source', // 14 lex zset: source \0 seq \0 id
      'ci:search', // 15 lex zset: search key \0 seq \0 id (cmdb/search-keys.ts)
      'ci:terms-of', // 16 hash: CI id -> JSON {s: sources, k: search keys} as indexed
    ].map(this.#k);
  }

  /** Keys of `save-change.lua` (ChangeStore), in its KEYS order. */
  get changes(): string[] {
    return [
      'chg:doc', // 1 hash: change id -> JSON record
      'chg:meta', // 2 hash: change id -> JSON { v, m[], at, st, rule, act, inc, tgt }
      'chg:idx', // 3 lex zset: list members (field, value, seq, id) and count members (field, value, createdAt, id)
      'chg:verify', // 4 zset: score verification deadline, member seq NUL id (state verifying only)
    ].map(this.#k);
  }

  /** Keys of `close-outage.lua` (SlaStore), in its KEYS order. */
  get outages(): string[] {
    return [
      'out:open', // 1 hash: subject -> padded start of its open outage
      'out:closed', // 2 lex zset: subject (JSON) NUL end NUL start, non-empty closed outages
    ].map(this.#k);
  }

  /** Keys of `put-silence.lua` (SuppressionStore silences), in its KEYS order. */
  get silences(): string[] {
    return [
      'sil:doc', // 1 hash: silence id -> JSON
      'sil:created', // 2 hash: silence id -> its member in sil:by-created
      'sil:by-created', // 3 lex zset: createdAt NUL id
      'sil:by-end', // 4 zset: score endsAt, member id
    ].map(this.#k);
  }

  /** Maintenance windows created through the API: hash name -> JSON record. */
  get maintenanceWindows(): string {
    return this.#k('mw:doc');
  }

  /** Announced maintenance occurrences: hash window name -> start of the occurrence. */
  get maintenanceStates(): string {
    return this.#k('mw:state');
  }

  /** Keys of `save-groups.lua` and `drop-groups.lua` (GroupStore), in their KEYS order. */
  get groups(): string[] {
    return [
      'grp:doc', // 1 hash: group field (rule NUL key NUL anchor, each JSON) -> JSON entry
      'grp:members', // 2 hash: group field -> JSON [by-key, by-rule, by-time member]
      'grp:by-key', // 3 lex zset: rule NUL key NUL openedAt NUL field
      'grp:by-rule', // 4 lex zset: rule NUL openedAt NUL field
      'grp:by-time', // 5 lex zset: openedAt NUL field
    ].map(this.#k);
  }

  /**
   * Keys of distributed mode (`vigil server`): `ingest:stream` (stream: one entry per accepted
   * ingest batch, consumed by the replicas' group), `ingest:dead` (stream: entries no replica can
   * process, kept for an operator), `lease:timers` (string: owner#token of the timer lease, with a
   * PX expiry), `lease:fence` (string: last fencing token handed out) and `discovery:slots` (hash:
   * `snmp.discovery` job name -> start of the last slot taken, ms, shared so a new lease holder
   * keeps the schedule).
   */
  get distributed(): { stream: string; dead: string; lease: string; fence: string; slots: string } {
    return {
      stream: this.#k('ingest:stream'),
      dead: this.#k('ingest:dead'),
      lease: this.#k('lease:timers'),
      fence: this.#k('lease:fence'),
      slots: this.#k('discovery:slots'),
    };
  }

  /** One named key of the layouts above, for reads. */
  key(name: string): string {
    return this.#k(name);
  }

  /** The timeline of one incident: a list of JSON entries in commit order. */
  timeline(incidentId: string): string {
    return this.#k(`timeline:${incidentId}`);
  }

  /** The attribute history of one CI: a list of JSON entries, newest first. */
  ciHistory(ciId: string): string {
    return this.#k(`ci-history:${ciId}`);
  }
}
