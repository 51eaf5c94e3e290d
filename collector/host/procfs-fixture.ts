import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatfsResult } from './statfs-entry.js';

/** `collector/host/fixtures/procfs/` (see `capture.sh` there). */
export const PROCFS_FIXTURES = fileURLToPath(new URL('./fixtures/procfs/', import.meta.url));

/**
 * A temporary root directory for `LinuxProcfsPort` that shows one snapshot of a fixture at a
 * time (`fixtures/procfs/<fixture>/<snapshot>/proc/...`), so one port instance can be walked
 * through a host's counters over time.
 */
export class ProcfsFixtureTree {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  static async create(): Promise<ProcfsFixtureTree> {
    return new ProcfsFixtureTree(await mkdtemp(join(tmpdir(), 'vigil-procfs-')));
  }

  /** Replaces the tree's content with `fixtures/procfs/<fixture>/<snapshot>`. */
  async show(fixture: string, snapshot = 't0'): Promise<void> {
    for (const entry of await readdir(this.root))
      await rm(join(this.root, entry), { recursive: true, force: true });
    await cp(join(PROCFS_FIXTURES, fixture, snapshot), this.root, { recursive: true });
  }

  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** A fake statfs answering from a table by mount point and rejecting other paths like the real one. */
export function fixtureStatfs(
  table: Record<string, StatfsResult>,
  calls: string[] = [],
): (path: string) => Promise<StatfsResult> {
  return async (path) => {
    calls.push(path);
    const found = table[path];
    if (!found)
      throw Object.assign(new Error(`ENOENT: no such file or directory, statfs '${path}'`), {
        code: 'ENOENT',
      });
    return found;
  };
}
