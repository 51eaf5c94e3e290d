/** Options of the retry delay (config `agent.backoff`). */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Uniform random in [0, 1); injected so tests are deterministic. */
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half and
 * all of min(max, initial x 2^n). The exponent spares a down correlator; the jitter keeps a fleet
 * of agents from retrying in lock-step when it comes back; the half floor keeps one agent from
 * retrying at once by bad luck.
 */
export class Backoff {
  readonly #o: Required<BackoffOptions>;
  #failures = 0;

  constructor(options: BackoffOptions) {
    this.#o = { random: Math.random, ...options };
  }

  /** Consecutive failures so far. */
  get failures(): number {
    return this.#failures;
  }

  /** The delay before the next attempt after one more failure, ms. */
  next(): number {
    const cap = Math.min(this.#o.maxMs, this.#o.initialMs * 2 ** Math.min(this.#failures, 40));
    this.#failures++;
    return Math.round(cap / 2 + this.#o.random() * (cap / 2));
  }

  /** The longest delay (used after an authentication failure, which retrying soon will not fix). */
  longest(): number {
    this.#failures++;
    return this.#o.maxMs;
  }

  /** After a success: the next failure starts from the initial delay again. */
  reset(): void {
    this.#failures = 0;
  }
}
