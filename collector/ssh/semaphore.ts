/**
 * A counting semaphore: at most `limit` holders at once, FIFO waiters. Keeps open SSH channels
 * per connection under the server's MaxSessions, and connections under `ssh.concurrency`.
 */
export class Semaphore {
  readonly #limit: number;
  #held = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`semaphore limit must be >= 1, got ${limit}`);
    this.#limit = limit;
  }

  /** Holders right now. */
  get held(): number {
    return this.#held;
  }

  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.#held < this.#limit) this.#held++;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#held--;
    };
  }

  /** Runs `fn` holding a slot. */
  async with<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
