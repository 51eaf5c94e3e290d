import type { MountInfo } from './parse-mountinfo.js';

/** The fields of `fs.promises.statfs` the port uses (block counts are in `bsize` units). */
export interface StatfsResult {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

/** One `si.fsSize()`-shaped entry, plus the inode counts statfs returns anyway. */
export interface FsSizeEntry {
  fs: string;
  type: string;
  size: number;
  used: number;
  available: number;
  use: number;
  mount: string;
  rw: boolean;
  files: number;
  ffree: number;
}

/** Guards against piling up statfs calls on a mount whose server is gone. */
export interface StatfsGuard {
  /** Mount points whose statfs from an earlier cycle has not returned yet. */
  pending: Set<string>;
  timeoutMs: number;
}

/**
 * statfs of one mount -> its `fsSize()` entry, with df's arithmetic: used = blocks - bfree,
 * use% = used / (used + bavail), so blocks reserved for root count as used. `undefined` (the
 * mount is left out this cycle) when statfs fails, has no blocks (pseudo filesystems, as df
 * hides them), or takes longer than `timeoutMs`; a statfs still hanging from an earlier cycle
 * is not started again, so a dead NFS server ties up at most one libuv thread per mount.
 */
export async function measureMount(
  mount: MountInfo,
  statfs: (path: string) => Promise<StatfsResult>,
  guard: StatfsGuard,
): Promise<FsSizeEntry | undefined> {
  const path = mount.mountPoint;
  if (guard.pending.has(path)) return undefined;
  guard.pending.add(path);
  const call = statfs(path).finally(() => guard.pending.delete(path));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, guard.timeoutMs, undefined);
  });
  try {
    const s = await Promise.race([call, timeout]);
    if (!s) return undefined;
    const { bsize, blocks, bfree, bavail, files, ffree } = s;
    if (![bsize, blocks, bfree, bavail].every((n) => Number.isFinite(n) && n >= 0) || blocks === 0)
      return undefined;
    const used = Math.max(0, blocks - bfree) * bsize;
    const available = bavail * bsize;
    return {
      fs: mount.source,
      type: mount.fstype,
      size: blocks * bsize,
      used,
      available,
      use: used + available > 0 ? Math.round((used / (used + available)) * 10000) / 100 : 0,
      mount: path,
      rw: mount.mountOptions.includes('rw'),
      files,
      ffree,
    };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
