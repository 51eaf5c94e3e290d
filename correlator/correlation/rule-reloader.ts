import type { Logger } from 'pino';
import type { CorrelationRules } from '../../rules/correlation-types.js';
import type { Clock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import type { CorrelationMetrics } from '../metrics/correlation-metrics.js';
import type { RuleBook } from './rule-book.js';

/** What a successful reload put in effect. */
export interface ReloadSummary {
  version: number;
  loadedAt: number;
  rules: Record<keyof CorrelationRules, number>;
}

/**
 * Reloads the correlation rules without a restart (SIGHUP, `POST /api/v1/rules/reload`): loads
 * them again with `load` and swaps them in only if every file is valid. A bad reload keeps the
 * old rules, counts `vigil_rule_reloads_total{result="failure"}`, logs every problem and throws
 * `VIGIL_ERR_RULES_RELOAD_FAILED` whose details are the problems (file, line, rule). Reloads run
 * one at a time; one asked for while another runs waits for it.
 */
export class RuleReloader {
  readonly #book: RuleBook;
  readonly #load: () => Promise<CorrelationRules>;
  readonly #metrics: CorrelationMetrics;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(deps: {
    book: RuleBook;
    load: () => Promise<CorrelationRules>;
    metrics: CorrelationMetrics;
    clock: Clock;
    logger?: Logger;
  }) {
    this.#book = deps.book;
    this.#load = deps.load;
    this.#metrics = deps.metrics;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#publish();
  }

  /** Loads the rules again; resolves with what is in effect, or throws and keeps the old rules. */
  reload(): Promise<ReloadSummary> {
    const next = this.#running.then(
      () => this.#reloadNow(),
      () => this.#reloadNow(),
    );
    this.#running = next.catch(() => undefined);
    return next;
  }

  /** What is in effect now. */
  summary(): ReloadSummary {
    return { version: this.#book.version, loadedAt: this.#book.loadedAt, rules: counts(this.#book.current) };
  }

  async #reloadNow(): Promise<ReloadSummary> {
    let rules: CorrelationRules;
    try {
      rules = await this.#load();
    } catch (error) {
      this.#metrics.ruleReloads.inc({ result: 'failure' });
      const cause = error instanceof VigilError ? error : null;
      const details =
        cause?.code === 'VIGIL_ERR_RULE_INVALID' ? cause.details : cause ? [cause.toJSON().error] : [];
      const reason = cause ? `${cause.code}: ${cause.message}` : String((error as Error)?.message ?? error);
      this.#logger?.error(
        { problems: details, version: this.#book.version },
        `rule reload failed, the previous rules stay in effect: ${reason}`,
      );
      throw new VigilError('VIGIL_ERR_RULES_RELOAD_FAILED', { reason }, details);
    }
    this.#book.replace(rules, this.#clock.now());
    this.#metrics.ruleReloads.inc({ result: 'success' });
    this.#publish();
    const summary = this.summary();
    this.#logger?.info(summary, 'rules reloaded');
    return summary;
  }

  #publish(): void {
    for (const [kind, count] of Object.entries(counts(this.#book.current))) {
      this.#metrics.rulesLoaded.set({ kind }, count);
    }
    this.#metrics.ruleReloadTimestamp.set(this.#book.loadedAt / 1000);
  }
}

function counts(rules: CorrelationRules): Record<keyof CorrelationRules, number> {
  return {
    classification: rules.classification.length,
    grouping: rules.grouping.length,
    transient: rules.transient.length,
    flapping: rules.flapping.length,
  };
}
