/**
 * A bounded cache of parsed records by key that evicts the least recently *written* entry. The
 * embedded store is the only writer of its file, so it can serve the pipeline's hot reads (the
 * alerts and incidents a batch touches) from memory instead of re-reading and re-parsing JSON on
 * every event. Every processed event rewrites its alert, so write order tracks use closely while
 * a read stays a plain map lookup.
 */
export class RecordCache<T> {
  readonly #entries = new Map<string, T>();
  constructor(readonly capacity: number) {}

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: T): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
