/**
 * Runs async tasks one at a time in arrival order. The pipeline reads, decides and commits; running
 * batches of one process serially keeps those steps from interleaving (other processes are kept
 * out by the store's version checks).
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Queues `task`; resolves or rejects with its result once it has run. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
