import { open } from 'node:fs/promises';

/** Largest config file (and `${file:...}` secret) vigil reads: 1 MiB. */
export const MAX_CONFIG_BYTES = 1_048_576;

/** Reads a file as UTF-8; the loader injects it so tests and tools can supply files from memory. */
export type ReadFile = (path: string) => Promise<string>;

/**
 * Reads at most `MAX_CONFIG_BYTES + 1` bytes of a file as UTF-8: enough for the caller to see the
 * file is too large without ever loading a huge (or endless, like /dev/zero) file into memory.
 */
export async function readFileBounded(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const limit = MAX_CONFIG_BYTES + 1;
    const buffer = Buffer.alloc(limit);
    let total = 0;
    while (total < limit) {
      const { bytesRead } = await handle.read(buffer, total, limit - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buffer.subarray(0, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
