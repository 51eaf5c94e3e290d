import type { ReadFile } from './read-file.js';

/**
 * A `readFile` over an in-memory map of absolute paths, so tests of config loading need no files
 * on disk; a missing path fails with ENOENT like the real one.
 */
export function memoryFiles(files: Record<string, string>): ReadFile {
  return async (path) => {
    const text = files[path];
    if (text !== undefined) return text;
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };
}

/** A token long enough to be accepted. */
export const GOOD_TOKEN = 'a1b2c3d4e5f6a7b8c9d0e1f2';
