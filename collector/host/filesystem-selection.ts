import type { InodeCounts } from './map-filesystem.js';
import type { ResolvedProbeOptions } from './probe-options.js';
import { asArray, asRecord, finiteNumber, text } from './read-value.js';

/** One monitored filesystem as read from `fsSize()` (systeminformation or the procfs port). */
export interface FilesystemInfo {
  mount: string;
  fstype: string;
  device?: string;
  sizeBytes?: number;
  usedBytes?: number;
  availableBytes?: number;
  /** systeminformation's own percentage, used when used/available are missing. */
  usePercent?: number;
  readOnly: boolean;
  /** Inode totals when the source already measured them (the procfs port's statfs call). */
  inodes?: InodeCounts;
}

/**
 * Picks the filesystems worth monitoring out of `si.fsSize()`: skips pseudo and container
 * filesystems by type and mount point, keeps the first entry per mount (bind mounts repeat
 * them) and caps the count so label sets stay bounded.
 */
export function selectFilesystems(
  fsSize: unknown,
  options: Pick<ResolvedProbeOptions, 'excludedFsTypes' | 'mountFilter' | 'maxFilesystems'>,
): FilesystemInfo[] {
  const selected = new Map<string, FilesystemInfo>();
  for (const raw of asArray(fsSize)) {
    const entry = asRecord(raw);
    const mount = text(entry?.['mount']);
    if (!entry || !mount || selected.has(mount) || selected.size >= options.maxFilesystems) continue;
    const fstype = text(entry['type'])?.toLowerCase() ?? 'unknown';
    if (options.excludedFsTypes.has(fstype) || !options.mountFilter(mount)) continue;
    const device = text(entry['fs']);
    const sizeBytes = finiteNumber(entry['size']);
    const usedBytes = finiteNumber(entry['used']);
    const availableBytes = finiteNumber(entry['available']);
    const usePercent = finiteNumber(entry['use']);
    const files = finiteNumber(entry['files']);
    const ffree = finiteNumber(entry['ffree']);
    selected.set(mount, {
      mount,
      fstype,
      ...(device ? { device } : {}),
      ...(sizeBytes !== undefined && sizeBytes >= 0 ? { sizeBytes } : {}),
      ...(usedBytes !== undefined && usedBytes >= 0 ? { usedBytes } : {}),
      ...(availableBytes !== undefined && availableBytes >= 0 ? { availableBytes } : {}),
      ...(usePercent !== undefined && usePercent >= 0 && usePercent <= 100 ? { usePercent } : {}),
      readOnly: entry['rw'] === false,
      ...(files !== undefined && ffree !== undefined ? { inodes: { files, ffree } } : {}),
    });
  }
  return [...selected.values()];
}
