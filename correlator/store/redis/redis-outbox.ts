import type { TimelineEntry } from '../../model/records.js';
import type { Page } from '../contract.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { NotificationClaim, NotificationQuery, OutboxEntry, OutboxStore } from '../outbox-store.js';
import { above, excl, field, incl, member, pad } from './lex.js';
import { lexScan } from './lex-scan.js';
import { outboxFields } from './payload.js';
import type { RedisParts } from './redis-parts.js';

const CHUNK = 200;
/** A member's tail is `seq NUL id`, the seq 16 digits. */
const SEQ_DIGITS = 16;

/**
 * The notification outbox in Redis (OutboxStore): JSON entries in a hash, a meta hash with each
 * one's queue order, state and claim, and indexes kept by Lua: `ntf:due` holds only the oldest
 * pending notification of each incident and receiver, scored by its next attempt, so the due list
 * is one range read. New entries are written by `commit.lua` with the transition they come from;
 * attempts, claims and pruning have scripts of their own (`*-notification*.lua`).
 */
export class RedisOutbox implements OutboxStore {
  readonly #p: RedisParts;
  readonly #keys: string[];
  readonly #k: {
    doc: string;
    all: string;
    state: string;
    inc: string;
    recv: string;
    due: string;
    counts: string;
  };

  constructor(parts: RedisParts) {
    this.#p = parts;
    this.#keys = parts.keys.outbox;
    const k = (i: number) => this.#keys[i]!;
    this.#k = { doc: k(0), all: k(3), state: k(4), inc: k(5), recv: k(6), due: k(8), counts: k(10) };
  }

  async dueNotifications(now: number, limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    const members = await this.#p.redis.zrangebyscore(this.#k.due, '-inf', now, 'LIMIT', 0, limit);
    return this.#docs(members.map((m) => m.slice(SEQ_DIGITS + 1)));
  }

  async claimNotification(id: string, claim: NotificationClaim): Promise<OutboxEntry | null> {
    const doc = await this.#p.run('claim-notification', this.#keys, [
      id,
      claim.owner,
      String(claim.now),
      String(claim.until),
    ]);
    return typeof doc === 'string' ? (JSON.parse(doc) as OutboxEntry) : null;
  }

  async recordNotification(
    entry: OutboxEntry,
    timeline?: { incidentId: string; entry: TimelineEntry },
    claimOwner?: string,
  ): Promise<boolean> {
    const keys = timeline ? [...this.#keys, this.#p.keys.timeline(timeline.incidentId)] : this.#keys;
    const stored = await this.#p.run('record-notification', keys, [
      JSON.stringify(outboxFields(entry)),
      claimOwner === undefined ? '' : '1',
      claimOwner ?? '',
      timeline ? JSON.stringify(timeline.entry) : '',
    ]);
    return Number(stored) === 1;
  }

  async getNotification(id: string): Promise<OutboxEntry | null> {
    const row = await this.#p.redis.hget(this.#k.doc, id);
    return row === null ? null : (JSON.parse(row) as OutboxEntry);
  }

  /**
   * Newest first: walks the index of the first filter given (state, incident, receiver, else all)
   * and checks the others on the documents read; the cursor is the last item's queue order.
   */
  async listNotifications(query: NotificationQuery): Promise<Page<OutboxEntry>> {
    const [index, prefix] = query.state
      ? [this.#k.state, member(query.state, '')]
      : query.incidentId
        ? [this.#k.inc, member(field(query.incidentId), '')]
        : query.receiver
          ? [this.#k.recv, member(field(query.receiver), '')]
          : [this.#k.all, ''];
    const accept = (n: OutboxEntry) =>
      (query.state === undefined || n.state === query.state) &&
      (query.incidentId === undefined || n.incidentId === query.incidentId) &&
      (query.receiver === undefined || n.receiver === query.receiver);
    let start: Buffer = above(prefix);
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 'n') as [number];
      start = excl(prefix + pad(Math.max(0, seq)));
    }
    const want = query.limit + 1;
    const items: Array<{ seq: number; entry: OutboxEntry }> = [];
    let batch: Array<{ seq: number; id: string }> = [];
    const flush = async () => {
      const rows = batch.length ? await this.#p.redis.hmget(this.#k.doc, ...batch.map((b) => b.id)) : [];
      rows.forEach((row, i) => {
        if (row === null || items.length >= want) return;
        const entry = JSON.parse(row) as OutboxEntry;
        if (accept(entry)) items.push({ seq: batch[i]!.seq, entry });
      });
      batch = [];
    };
    for await (const m of lexScan(this.#p.redis, index, start, incl(prefix), true, Math.max(want, CHUNK))) {
      const tail = m.slice(prefix.length);
      batch.push({ seq: Number(tail.slice(0, SEQ_DIGITS)), id: tail.slice(SEQ_DIGITS + 1) });
      if (batch.length >= CHUNK) await flush();
      if (items.length >= want) break;
    }
    if (items.length < want) await flush();
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((item) => item.entry),
      next: items.length > query.limit && last ? encodeCursor([last.seq]) : null,
    };
  }

  async notificationCounts(): Promise<Array<{ state: string; receiver: string; count: number }>> {
    const counts = await this.#p.redis.hgetall(this.#k.counts);
    return Object.entries(counts).map(([f, n]) => {
      const at = f.indexOf('\u0000');
      return { state: f.slice(0, at), receiver: f.slice(at + 1), count: Number(n) };
    });
  }

  async releaseClaims(): Promise<number> {
    return Number(await this.#p.run('release-claims', this.#keys, []));
  }

  async pruneNotifications(before: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return Number(
      await this.#p.run('prune-notifications', this.#keys, [String(Math.floor(before)), String(limit)]),
    );
  }

  async #docs(ids: string[]): Promise<OutboxEntry[]> {
    if (ids.length === 0) return [];
    const rows = await this.#p.redis.hmget(this.#k.doc, ...ids);
    return rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as OutboxEntry);
  }
}
