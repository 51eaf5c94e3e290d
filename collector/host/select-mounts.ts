import type { MountInfo } from './parse-mountinfo.js';

/**
 * Filesystem types that are never measured: df's "dummy" types (gnulib ME_DUMMY), which have
 * no blocks, plus `squashfs` (systeminformation runs `df -x squashfs`). `autofs` matters most:
 * calling statfs on an automount point would mount it.
 */
const NEVER_MEASURED = new Set([
  'rootfs',
  'autofs',
  'proc',
  'subfs',
  'debugfs',
  'devpts',
  'fusectl',
  'fuse.portal',
  'mqueue',
  'rpc_pipefs',
  'sysfs',
  'devfs',
  'kernfs',
  'ignore',
  'binfmt_misc',
  'squashfs',
]);

/** Decides whether a mount is worth a statfs call (the probe passes its filesystem filters). */
export type MountFilter = (mountPoint: string, fstype: string) => boolean;

/**
 * The mounts to measure, one per filesystem view, like `df`:
 * - types in `NEVER_MEASURED` and mounts `accept` rejects are left out before any statfs call;
 * - a mount point mounted over keeps only the mount on top (the one statfs sees);
 * - the same filesystem subtree mounted at several places (same `device` and `root`, e.g. a
 *   bind mount) is measured once, at its shortest mount point. Btrfs subvolumes have distinct
 *   roots and stay separate, as they do in df.
 * Order follows the mount table.
 */
export function selectMounts(mounts: readonly MountInfo[], accept: MountFilter = () => true): MountInfo[] {
  const byMountPoint = new Map<string, MountInfo>();
  for (const mount of mounts) {
    byMountPoint.delete(mount.mountPoint);
    byMountPoint.set(mount.mountPoint, mount);
  }
  const bySubtree = new Map<string, MountInfo>();
  for (const mount of byMountPoint.values()) {
    if (NEVER_MEASURED.has(mount.fstype.toLowerCase()) || !accept(mount.mountPoint, mount.fstype)) continue;
    const key = `${mount.device} ${mount.root}`;
    const seen = bySubtree.get(key);
    if (!seen || mount.mountPoint.length < seen.mountPoint.length) bySubtree.set(key, mount);
  }
  const kept = new Set(bySubtree.values());
  return mounts.filter((m) => kept.has(m));
}
