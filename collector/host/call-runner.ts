/** One failed systeminformation call of a cycle; callers count these as probe errors. */
export interface ProbeCallError {
  /** The call that failed, e.g. `fsSize` or `statfs:/var`. */
  call: string;
  /** Why: the error message, or that it timed out. */
  error: string;
}

/**
 * Runs probe calls so that one bad call cannot break a cycle: each is raced against a timeout
 * (systeminformation's `processLoad` is known to hang), failures become `ProbeCallError`s, and
 * a call still hanging from an earlier cycle is not started again, so hung calls cannot pile up.
 */
export class CallRunner {
  readonly #timeoutMs: number;
  readonly #inFlight = new Set<string>();

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Runs `fn`; resolves its result, or `undefined` after recording the failure in `errors`. */
  async run<T>(call: string, fn: () => T | Promise<T>, errors: ProbeCallError[]): Promise<T | undefined> {
    if (this.#inFlight.has(call)) {
      errors.push({ call, error: 'still running since an earlier cycle; skipped' });
      return undefined;
    }
    this.#inFlight.add(call);
    const work = Promise.resolve()
      .then(fn)
      .finally(() => this.#inFlight.delete(call));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      errors.push({ call, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
