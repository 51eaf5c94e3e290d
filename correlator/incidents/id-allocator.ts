import type { Store } from '../store/contract.js';

/**
 * Hands out incident ids (`INC-000042`) from blocks reserved in the store, so creating 1,000
 * incidents in one batch costs one store round trip, not 1,000. Ids are unique across processes;
 * a restart may leave a gap in the numbering, as in most ticketing tools.
 */
export class IdAllocator {
  #next = 0;
  #end = 0;
  constructor(
    readonly store: Store,
    readonly counter = 'incident',
    readonly prefix = 'INC-',
    readonly blockSize = 100,
  ) {}

  /** Returns `count` fresh ids. */
  async take(count: number): Promise<string[]> {
    const ids: string[] = [];
    while (ids.length < count) {
      if (this.#next >= this.#end) {
        const size = Math.max(this.blockSize, count - ids.length);
        const block = await this.store.allocate(this.counter, size);
        this.#next = block[0]!;
        this.#end = this.#next + size;
      }
      ids.push(`${this.prefix}${String(this.#next++).padStart(6, '0')}`);
    }
    return ids;
  }
}
