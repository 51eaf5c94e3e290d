import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { FallbackFastPort } from './fallback-fast-port.js';
import type { FastPort } from './fast-port.js';
import { LinuxProcfsPort, type ProcfsPortOptions } from './procfs-port.js';

/** Options of `selectFastPort`: the platform (injectable for tests) and the procfs port's options. */
export interface SelectFastPortOptions extends ProcfsPortOptions {
  /** Default `process.platform`. */
  platform?: NodeJS.Platform;
}

/**
 * The port for the fast cycle: on Linux with a readable /proc/stat, `LinuxProcfsPort` (no
 * child processes, see README.md) with `si` behind it for any call whose file is missing;
 * elsewhere systeminformation itself.
 */
export async function selectFastPort(si: FastPort, options: SelectFastPortOptions = {}): Promise<FastPort> {
  const { platform = process.platform, ...procfs } = options;
  if (platform !== 'linux') return si;
  try {
    await access(join(procfs.root ?? '/', 'proc/stat'), constants.R_OK);
  } catch {
    return si;
  }
  return new FallbackFastPort(new LinuxProcfsPort(procfs), si);
}
