/**
 * A bounded cache of parsed records by key that forgets the least recently *written* entries. The
 * embedded store is the only writer of its file, so it can serve the pipeline's hot reads (the
 * alerts and incidents a batch touches) from memory instead of re-reading and re-parsing JSON on
 * every event. Every processed event rewrites its alert, so write order tracks use closely while
 * a read stays a plain map lookup.
 *
 * Two generations instead of one insertion-ordered map: evicting the oldest entry of a `Map` one
 * at a time (`keys().next()` then `delete`) leaves deleted slots at the front that every later
 * `keys().next()` walks over until V8 rehashes, which measured 35 µs per insert into a full
 * 50,000-entry cache. Here writes go to the young map; when it holds half the capacity it becomes
 * the old one and the previous old map is dropped whole. The newest half of the capacity is
 * always kept, never more than the capacity, and every operation is O(1).
 */
export class RecordCache<T> {
  #young = new Map<string, T>();
  #old = new Map<string, T>();
  readonly #half: number;

  constructor(readonly capacity: number) {
    this.#half = Math.max(1, Math.ceil(capacity / 2));
  }

  get(key: string): T | undefined {
    const young = this.#young.get(key);
    return young !== undefined ? young : this.#old.get(key);
  }

  set(key: string, value: T): void {
    this.#old.delete(key);
    this.#young.set(key, value);
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }

  delete(key: string): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
