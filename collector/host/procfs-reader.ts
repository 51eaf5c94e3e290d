import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isUnavailable, ProcfsUnavailableError } from './procfs-unavailable-error.js';

/**
 * Reads /proc and /sys files below a root directory (`/`, or a fixture tree in tests) with
 * async I/O. Concurrent reads of one file (or listings of one directory) share one read, so the
 * calls of a fast cycle that need the same file (`currentLoad` and `time` both need /proc/stat,
 * `fsStats` and `disksIO` both need /proc/diskstats) read it once.
 */
export class ProcfsReader {
  readonly #root: string;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(root = '/') {
    this.#root = root;
  }

  /** The text of a file; rejects with `ProcfsUnavailableError` if it is missing or unreadable. */
  text(path: string): Promise<string> {
    return this.#shared(`file ${path}`, () =>
      readFile(join(this.#root, path), 'utf8').catch((error: unknown) => {
        throw isUnavailable(error) ? new ProcfsUnavailableError(path, error) : error;
      }),
    );
  }

  /** The text of a file that may legitimately be absent, or `undefined`. */
  async optionalText(path: string): Promise<string | undefined> {
    try {
      return await this.text(path);
    } catch (error) {
      if (error instanceof ProcfsUnavailableError) return undefined;
      throw error;
    }
  }

  /** The entry names of a directory, or `undefined` if it is missing or unreadable. */
  list(path: string): Promise<string[] | undefined> {
    return this.#shared(`dir ${path}`, () =>
      readdir(join(this.#root, path)).catch((error: unknown) => {
        if (isUnavailable(error)) return undefined;
        throw error;
      }),
    );
  }

  #shared<T>(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running as Promise<T>;
    const started = start().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }
}
