import type { Outage, SlaStore } from '../sla-store.js';
import { above, byteOrder, field, incl, member, pad } from './lex.js';
import type { RedisParts } from './redis-parts.js';

/**
 * The outage intervals of the Redis store (SlaStore): open outages in a hash (one per subject,
 * so opening is one HSETNX), closed non-empty ones in a lexicographic index ordered by subject
 * then end, so a report reads only the outages that end inside or after its window.
 */
export class RedisOutages implements SlaStore {
  readonly #p: RedisParts;
  readonly #open: string;
  readonly #closed: string;

  constructor(parts: RedisParts) {
    this.#p = parts;
    [this.#open, this.#closed] = parts.keys.outages as [string, string];
  }

  async openOutage(subject: string, at: number): Promise<boolean> {
    return (await this.#p.redis.hsetnx(this.#open, subject, pad(at))) === 1;
  }

  async closeOutage(subject: string, at: number): Promise<boolean> {
    const closed = await this.#p.run('close-outage', this.#p.keys.outages, [
      subject,
      field(subject),
      pad(at),
    ]);
    return Number(closed) === 1;
  }

  async outagesBetween(subjects: readonly string[], from: number, to: number): Promise<Outage[]> {
    const unique = [...new Set(subjects)];
    if (unique.length === 0) return [];
    const pipeline = this.#p.redis.pipeline();
    for (const subject of unique) {
      const prefix = member(field(subject), '');
      // Ends after `from`: at or above from + 1, to the end of this subject's members.
      pipeline.zrange(this.#closed, incl(prefix + pad(Math.max(0, from + 1))), above(prefix), 'BYLEX');
    }
    const [replies, starts] = await Promise.all([
      pipeline.exec(),
      this.#p.redis.hmget(this.#open, ...unique),
    ]);
    const out: Outage[] = [];
    for (const [i, subject] of unique.entries()) {
      const [error, members] = replies![i]!;
      if (error) throw error;
      for (const m of members as string[]) {
        const parts = m.split('\u0000');
        const start = Number(parts[parts.length - 1]);
        const end = Number(parts[parts.length - 2]);
        if (start < to) out.push({ subject, start, end });
      }
      const open = starts[i];
      if (open !== null && open !== undefined && Number(open) < to)
        out.push({ subject, start: Number(open), end: null });
    }
    return out.sort((a, b) => byteOrder(a.subject, b.subject) || a.start - b.start);
  }

  async openOutages(): Promise<Outage[]> {
    const open = await this.#p.redis.hgetall(this.#open);
    return Object.entries(open)
      .map(([subject, start]) => ({ subject, start: Number(start), end: null }))
      .sort((a, b) => byteOrder(a.subject, b.subject));
  }
}
