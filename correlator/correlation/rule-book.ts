import { type CorrelationRules, NO_CORRELATION_RULES } from '../../rules/correlation-types.js';

/**
 * The correlation rules in effect, swapped whole on reload. The pipeline reads `current` once per
 * batch, so a reload never mixes old and new rules inside one batch.
 */
export class RuleBook {
  #rules: CorrelationRules;
  #version = 1;
  #loadedAt: number;

  constructor(rules: CorrelationRules = NO_CORRELATION_RULES, loadedAt = 0) {
    this.#rules = rules;
    this.#loadedAt = loadedAt;
  }

  /** The rules in effect now. */
  get current(): CorrelationRules {
    return this.#rules;
  }

  /** Counts up by one on every successful reload (1 for the rules loaded at start). */
  get version(): number {
    return this.#version;
  }

  /** When the rules in effect were loaded, ms since epoch. */
  get loadedAt(): number {
    return this.#loadedAt;
  }

  /** Puts new rules in effect (for batches that start from now on). */
  replace(rules: CorrelationRules, at: number): void {
    this.#rules = rules;
    this.#version++;
    this.#loadedAt = at;
  }
}
