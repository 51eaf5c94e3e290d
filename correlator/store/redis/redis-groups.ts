import type { GroupEntry, GroupStore } from '../group-store.js';
import { above, excl, field, incl, member, pad } from './lex.js';
import type { RedisParts } from './redis-parts.js';

const PRUNE_CHUNK = 500;

/** The hash field of a group: rule, key and anchor, each JSON-encoded so no NUL inside is ambiguous. */
const groupField = (g: Pick<GroupEntry, 'rule' | 'key' | 'anchor'>) =>
  member(field(g.rule), field(g.key), field(g.anchor));
const byKeyPrefix = (rule: string, key: string) => member(field(rule), field(key), '');
const byRulePrefix = (rule: string) => member(field(rule), '');

/**
 * Correlation groups in Redis (GroupStore): JSON entries in a hash by rule, key and anchor, with
 * three lexicographic indexes (by rule and key, by rule, by time), each ordered by when the group
 * opened. `save-groups.lua` and `drop-groups.lua` keep entries and indexes in step.
 */
export class RedisGroups implements GroupStore {
  readonly #p: RedisParts;
  readonly #k: { doc: string; byKey: string; byRule: string };

  constructor(parts: RedisParts) {
    this.#p = parts;
    const [doc, , byKey, byRule] = parts.keys.groups as [string, string, string, string];
    this.#k = { doc, byKey, byRule };
  }

  async findGroups(rule: string, key: string, since: number): Promise<GroupEntry[]> {
    const prefix = byKeyPrefix(rule, key);
    const members = await this.#p.redis.zrange(
      this.#k.byKey,
      incl(prefix + pad(Math.max(0, since))),
      above(prefix),
      'BYLEX',
    );
    return this.#docs(members.map((m) => m.slice(prefix.length + 17)));
  }

  async saveGroups(entries: readonly GroupEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const payload = entries.map((e) => {
      const f = groupField(e);
      const at = pad(e.openedAt);
      const m = [
        byKeyPrefix(e.rule, e.key) + member(at, f),
        byRulePrefix(e.rule) + member(at, f),
        member(at, f),
      ];
      return { f, doc: JSON.stringify(e), m, ms: JSON.stringify(m) };
    });
    await this.#p.run('save-groups', this.#p.keys.groups, [JSON.stringify(payload)]);
  }

  async dueGroups(rule: string, before: number, limit: number): Promise<GroupEntry[]> {
    if (limit <= 0) return [];
    const prefix = byRulePrefix(rule);
    const members = await this.#p.redis.zrange(
      this.#k.byRule,
      incl(prefix),
      excl(prefix + pad(Math.max(0, before))),
      'BYLEX',
      'LIMIT',
      0,
      limit,
    );
    return this.#docs(members.map((m) => m.slice(prefix.length + 17)));
  }

  async deleteGroups(entries: ReadonlyArray<Pick<GroupEntry, 'rule' | 'key' | 'anchor'>>): Promise<void> {
    if (entries.length === 0) return;
    await this.#p.run('drop-groups', this.#p.keys.groups, [JSON.stringify(entries.map(groupField)), '', '0']);
  }

  async pruneGroups(before: number): Promise<number> {
    const bound = `(${pad(Math.max(0, before))}`;
    let total = 0;
    for (;;) {
      const n = Number(
        await this.#p.run('drop-groups', this.#p.keys.groups, ['[]', bound, String(PRUNE_CHUNK)]),
      );
      total += n;
      if (n < PRUNE_CHUNK) return total;
    }
  }

  async #docs(fields: string[]): Promise<GroupEntry[]> {
    if (fields.length === 0) return [];
    const rows = await this.#p.redis.hmget(this.#k.doc, ...fields);
    return rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as GroupEntry);
  }
}
