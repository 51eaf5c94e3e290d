import { type Matcher, matchesAll, parseMatchers } from '../../rules/matchers.js';
import type { AlertRecord, CiRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import { type Mute, type Muter, suppressionLabels } from './muter.js';

/** Topology suppression settings (config `suppression.topology`). */
export interface TopologyOptions {
  /** How long a child's alert is held waiting for its parent's down alert; 0 disables holding. */
  waitMs: number;
  /** Matchers (all must accept) of the alerts that mean "this CI is down". */
  down: readonly string[];
  /** How many `runs_on` / `depends_on` / `connected_to` hops up a parent may be. */
  maxDepth: number;
}

/** The default "down" alerts: checks named `down` or `unreachable` (`host.down`, `ping.unreachable`). */
export const DEFAULT_DOWN_MATCHERS = ['check=~"(.+\\\\.)?(down|unreachable)"'];
export const DEFAULT_TOPOLOGY: TopologyOptions = { waitMs: 30_000, down: DEFAULT_DOWN_MATCHERS, maxDepth: 4 };

/** The relations along which a failure travels to the dependent (`from`) side. */
const DEPENDS = new Set(['runs_on', 'depends_on', 'connected_to']);
/** Most parents considered per CI. */
const MAX_PARENTS = 100;
const LOAD_PAGE = 1000;

interface CiFacts {
  ci: CiRecord | null;
  /** Parents (transitively), nearest first, with their names. */
  parents: Array<{ id: string; name: string }>;
}

/**
 * Topology suppression: when a CI is down (a firing alert the `down` matchers accept), alerts of
 * the CIs that depend on it through `runs_on`, `depends_on` or `connected_to` (transitively) are
 * symptoms: suppressed with reason `symptom_of` naming the parent, and attached to the parent's
 * incident by the symptom stage. A child whose parent is not (yet) down is held `waitMs` after it
 * fired (reason `awaiting_parent`): if the parent's alert arrives meanwhile the child becomes its
 * symptom on the next tick, else it proceeds and opens its own incident.
 */
export class Topology implements Muter {
  readonly kind = 'topology';
  readonly #store: Store;
  readonly #options: TopologyOptions;
  readonly #down: Matcher[];
  /** Down alerts by the CI they are about: fingerprint and CI name. */
  readonly #downByCi = new Map<string, { fingerprint: string; name: string }>();
  readonly #ciOfDown = new Map<string, string>();
  #facts = new Map<string, Promise<CiFacts>>();
  #loaded = false;

  constructor(deps: { store: Store; options: TopologyOptions }) {
    this.#store = deps.store;
    this.#options = deps.options;
    this.#down = parseMatchers(deps.options.down);
  }

  async refresh(): Promise<void> {
    // CI facts are cached for one batch or tick: the CMDB may change between them.
    this.#facts = new Map();
    if (this.#loaded) return;
    this.#loaded = true;
    for (const state of ['firing', 'suppressed'] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.#store.listAlerts({ state, limit: LOAD_PAGE, cursor });
        await this.observe(page.items);
        cursor = page.next ?? undefined;
      } while (cursor);
    }
  }

  /** Keeps the index of down CIs current from each batch's alerts. */
  async observe(alerts: readonly AlertRecord[]): Promise<void> {
    for (const alert of alerts) {
      const fp = alert.fingerprint;
      const isDown = alert.state !== 'resolved' && matchesAll(this.#down, suppressionLabels(alert));
      const known = this.#ciOfDown.get(fp);
      if (!isDown) {
        if (known !== undefined) {
          this.#ciOfDown.delete(fp);
          if (this.#downByCi.get(known)?.fingerprint === fp) this.#downByCi.delete(known);
        }
        continue;
      }
      if (known !== undefined) continue;
      const { ci } = await this.#factsOf(alert);
      if (!ci) continue;
      this.#ciOfDown.set(fp, ci.id);
      if (!this.#downByCi.has(ci.id)) this.#downByCi.set(ci.id, { fingerprint: fp, name: ci.name });
    }
  }

  mutes(alert: AlertRecord, now: number): Mute | null | Promise<Mute | null> {
    if (this.#downByCi.size === 0 && this.#options.waitMs === 0) return null;
    return this.#mutesByParents(alert, now);
  }

  async #mutesByParents(alert: AlertRecord, now: number): Promise<Mute | null> {
    const { parents } = await this.#factsOf(alert);
    for (const parent of parents) {
      const down = this.#downByCi.get(parent.id);
      if (!down || down.fingerprint === alert.fingerprint) continue;
      return {
        kind: 'topology',
        name: down.name,
        reason: 'symptom_of',
        parent: down.fingerprint,
        detail: `symptom of ${down.name} (${parent.id}) being down: alert ${down.fingerprint}`,
      };
    }
    const until = alert.stateChangedAt + this.#options.waitMs;
    if (parents.length > 0 && now < until) {
      return {
        kind: 'topology',
        name: 'awaiting-parent',
        reason: 'awaiting_parent',
        detail: `held until ${new Date(until).toISOString()} for an event of ${parents
          .slice(0, 5)
          .map((p) => p.name)
          .join(', ')}`,
      };
    }
    return null;
  }

  #factsOf(alert: AlertRecord): Promise<CiFacts> {
    const key = `${alert.resource}\u0000${alert.labels['ci'] ?? ''}`;
    let facts = this.#facts.get(key);
    if (!facts) {
      facts = this.#lookup(alert);
      this.#facts.set(key, facts);
    }
    return facts;
  }

  async #lookup(alert: AlertRecord): Promise<CiFacts> {
    const byLabel = alert.labels['ci'] ? await this.#store.getCi(alert.labels['ci']) : null;
    const named = byLabel ? [] : await this.#store.findCisByName(alert.resource);
    const ci =
      byLabel ?? named.find((c) => c.class === 'host' || c.class === 'network_device') ?? named[0] ?? null;
    if (!ci) return { ci: null, parents: [] };
    const parents: Array<{ id: string; name: string }> = [];
    const seen = new Set([ci.id]);
    let frontier = [ci.id];
    for (let depth = 0; depth < this.#options.maxDepth && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const r of await this.#store.relationsOf(id)) {
          if (r.fromId !== id || !DEPENDS.has(r.type) || seen.has(r.toId)) continue;
          seen.add(r.toId);
          const parent = await this.#store.getCi(r.toId);
          parents.push({ id: r.toId, name: parent?.name ?? r.toId });
          next.push(r.toId);
          if (parents.length >= MAX_PARENTS) return { ci, parents };
        }
      }
      frontier = next;
    }
    return { ci, parents };
  }
}
