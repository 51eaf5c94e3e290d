import type { InhibitRuleConfig } from '../../config/suppression-config.js';
import { type Matcher, matchesAll, parseMatchers } from '../../rules/matchers.js';
import type { AlertRecord } from '../model/records.js';
import type { Store } from '../store/contract.js';
import { type Mute, type Muter, suppressionLabels } from './muter.js';

interface Source {
  resource: string;
  check: string;
}

interface CompiledRule {
  name: string;
  source: Matcher[];
  target: Matcher[];
  equal: readonly string[];
  /** Firing source alerts by their `equal` label values, then by fingerprint. */
  sources: Map<string, Map<string, Source>>;
  /** The key each indexed source alert is filed under. */
  keyOf: Map<string, string>;
}

/** Alerts read per page when the index is first built. */
const LOAD_PAGE = 1000;

/**
 * Inhibition (Alertmanager's `inhibit_rules`): while an alert every `source` matcher accepts is
 * firing (or itself suppressed: a silenced outage still explains its symptoms), alerts every
 * `target` matcher accepts whose `equal` labels have the same values are suppressed. An alert
 * never inhibits itself. The firing sources are indexed in memory: built from the store once,
 * then kept current from every batch the pipeline processes (`observe`) before it decides.
 */
export class Inhibitor implements Muter {
  readonly kind = 'inhibition';
  readonly #store: Store;
  readonly #rules: CompiledRule[];
  #loaded = false;

  constructor(deps: { store: Store; rules: readonly InhibitRuleConfig[] }) {
    this.#store = deps.store;
    this.#rules = deps.rules.map((rule) => ({
      name: rule.name,
      source: parseMatchers(rule.source),
      target: parseMatchers(rule.target),
      equal: rule.equal,
      sources: new Map(),
      keyOf: new Map(),
    }));
  }

  async refresh(): Promise<void> {
    if (this.#loaded || this.#rules.length === 0) return;
    for (const state of ['firing', 'suppressed'] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.#store.listAlerts({ state, limit: LOAD_PAGE, cursor });
        this.observe(page.items);
        cursor = page.next ?? undefined;
      } while (cursor);
    }
    this.#loaded = true;
  }

  /** Files or unfiles each alert as a source of every rule, by its current state and labels. */
  observe(alerts: readonly AlertRecord[]): void {
    for (const alert of alerts) {
      const labels = suppressionLabels(alert);
      for (const rule of this.#rules) {
        const old = rule.keyOf.get(alert.fingerprint);
        if (old !== undefined) {
          rule.sources.get(old)?.delete(alert.fingerprint);
          if (rule.sources.get(old)?.size === 0) rule.sources.delete(old);
          rule.keyOf.delete(alert.fingerprint);
        }
        if (alert.state === 'resolved' || !matchesAll(rule.source, labels)) continue;
        const key = equalKey(rule, labels);
        let bucket = rule.sources.get(key);
        if (!bucket) {
          bucket = new Map();
          rule.sources.set(key, bucket);
        }
        bucket.set(alert.fingerprint, { resource: alert.resource, check: alert.check });
        rule.keyOf.set(alert.fingerprint, key);
      }
    }
  }

  mutes(alert: AlertRecord): Mute | null {
    if (this.#rules.length === 0) return null;
    const labels = suppressionLabels(alert);
    for (const rule of this.#rules) {
      if (rule.sources.size === 0 || !matchesAll(rule.target, labels)) continue;
      const bucket = rule.sources.get(equalKey(rule, labels));
      if (!bucket) continue;
      for (const [fp, source] of bucket) {
        if (fp === alert.fingerprint) continue;
        return {
          kind: 'inhibition',
          name: rule.name,
          detail: `inhibited by alert ${fp} (${source.check} on ${source.resource}) under rule ${rule.name}`,
        };
      }
    }
    return null;
  }
}

function equalKey(rule: CompiledRule, labels: Record<string, string>): string {
  return JSON.stringify(rule.equal.map((name) => labels[name] ?? ''));
}
