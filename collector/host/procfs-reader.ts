import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isUnavailable, ProcfsUnavailableError } from './procfs-unavailable-error.js';

/**
 * Reads /proc and /sys files below a root directory (`/`, or a fixture tree in tests) with
 * async I/O. Concurrent reads of one file share one read, so the calls of a fast cycle that
 * need the same file (`currentLoad` and `time` both need /proc/stat) read it once.
 */
export class ProcfsReader {
  readonly #root: string;
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(root = '/') {
    this.#root = root;
  }

  /** The text of a file; rejects with `ProcfsUnavailableError` if it is missing or unreadable. */
  text(path: string): Promise<string> {
    const shared = this.#inFlight.get(path);
    if (shared) return shared;
    const read = readFile(join(this.#root, path), 'utf8')
      .catch((error: unknown) => {
        throw isUnavailable(error) ? new ProcfsUnavailableError(path, error) : error;
      })
      .finally(() => this.#inFlight.delete(path));
    this.#inFlight.set(path, read);
    return read;
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
  async list(path: string): Promise<string[] | undefined> {
    try {
      return await readdir(join(this.#root, path));
    } catch (error) {
      if (isUnavailable(error)) return undefined;
      throw error;
    }
  }
}
