import type { MaintenanceWindowRecord } from '../../suppression/maintenance/window.js';
import type { Page } from '../contract.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import {
  type SilenceQuery,
  type SilenceRecord,
  type SuppressionStore,
  silenceState,
} from '../suppression-store.js';
import { byteOrder, excl, member, pad } from './lex.js';
import { lexScan } from './lex-scan.js';
import type { RedisParts } from './redis-parts.js';

const CHUNK = 200;
/** A `sil:by-created` member is 16 digits, NUL, then the id (which may hold anything). */
const idOf = (m: string) => m.slice(17);

/**
 * Silences and maintenance windows of the Redis store (SuppressionStore). Silences are JSON in a
 * hash with two indexes kept by `put-silence.lua`: by creation (lists, newest first) and by end
 * (the live set the muter loads). Windows and their announced occurrences are plain hashes, where
 * HSETNX and HDEL already give the once-per-name semantics.
 */
export class RedisSuppression implements SuppressionStore {
  readonly #p: RedisParts;
  readonly #k: { doc: string; byCreated: string; byEnd: string };

  constructor(parts: RedisParts) {
    this.#p = parts;
    const [doc, , byCreated, byEnd] = parts.keys.silences as [string, string, string, string];
    this.#k = { doc, byCreated, byEnd };
  }

  async putSilence(s: SilenceRecord): Promise<void> {
    await this.#p.run('put-silence', this.#p.keys.silences, [
      s.id,
      JSON.stringify(s),
      member(pad(s.createdAt), s.id),
      String(s.endsAt),
    ]);
  }

  async getSilence(id: string): Promise<SilenceRecord | null> {
    const doc = await this.#p.redis.hget(this.#k.doc, id);
    return doc === null ? null : (JSON.parse(doc) as SilenceRecord);
  }

  async listSilences(query: SilenceQuery): Promise<Page<SilenceRecord>> {
    let start: Buffer | string = '+';
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 'ns') as [number, string];
      start = excl(member(pad(Math.max(0, createdAt)), id));
    }
    const items: SilenceRecord[] = [];
    const want = query.limit + 1;
    let batch: string[] = [];
    const flush = async () => {
      for (const s of await this.#docs(batch))
        if (items.length < want && (query.state === undefined || silenceState(s, query.now) === query.state))
          items.push(s);
      batch = [];
    };
    for await (const m of lexScan(this.#p.redis, this.#k.byCreated, start, '-', true, CHUNK)) {
      batch.push(idOf(m));
      if (batch.length >= CHUNK) await flush();
      if (items.length >= want) break;
    }
    await flush();
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      next: items.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }

  async liveSilences(now: number): Promise<SilenceRecord[]> {
    const ids = await this.#p.redis.zrangebyscore(this.#k.byEnd, `(${now}`, '+inf');
    return (await this.#docs(ids)).sort((a, b) => a.startsAt - b.startsAt || byteOrder(a.id, b.id));
  }

  async insertMaintenanceWindow(window: MaintenanceWindowRecord): Promise<boolean> {
    return (
      (await this.#p.redis.hsetnx(this.#p.keys.maintenanceWindows, window.name, JSON.stringify(window))) === 1
    );
  }

  async listMaintenanceWindows(): Promise<MaintenanceWindowRecord[]> {
    const all = await this.#p.redis.hgetall(this.#p.keys.maintenanceWindows);
    return Object.keys(all)
      .sort(byteOrder)
      .map((name) => JSON.parse(all[name]!) as MaintenanceWindowRecord);
  }

  async deleteMaintenanceWindow(name: string): Promise<boolean> {
    return (await this.#p.redis.hdel(this.#p.keys.maintenanceWindows, name)) === 1;
  }

  async maintenanceStates(): Promise<Map<string, number>> {
    const all = await this.#p.redis.hgetall(this.#p.keys.maintenanceStates);
    return new Map(Object.entries(all).map(([name, at]) => [name, Number(at)]));
  }

  async setMaintenanceState(name: string, activeSince: number | null): Promise<void> {
    if (activeSince === null) await this.#p.redis.hdel(this.#p.keys.maintenanceStates, name);
    else await this.#p.redis.hset(this.#p.keys.maintenanceStates, name, String(activeSince));
  }

  async #docs(ids: string[]): Promise<SilenceRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.#p.redis.hmget(this.#k.doc, ...ids);
    return rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as SilenceRecord);
  }
}
