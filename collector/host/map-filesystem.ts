import type { MetricSample } from '../sample.js';
import type { FilesystemInfo } from './filesystem-selection.js';
import { finiteNumber, percent } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/** Inode totals of one mount, from `fs.promises.statfs`. */
export interface InodeCounts {
  files: number;
  ffree: number;
}

/**
 * Selected filesystems (+ their statfs inode counts) -> filesystem samples. Usage is
 * `used / (used + available)` like `df`, so blocks reserved for root count as used: that is
 * what an unprivileged service runs into. Filesystems without fixed inode tables (btrfs,
 * some FUSE) report 0 files and get no inode sample.
 */
export function mapFilesystems(
  filesystems: readonly FilesystemInfo[],
  inodes: ReadonlyMap<string, InodeCounts>,
): MetricSample[] {
  const out = new SampleBuffer();
  for (const fs of filesystems) {
    const { usedBytes: used, availableBytes: available } = fs;
    const usedPercent =
      used !== undefined && available !== undefined ? percent(used, used + available) : fs.usePercent;
    out.add('filesystem.used_percent', usedPercent, { mount: fs.mount, fstype: fs.fstype });
    out.add('filesystem.free_bytes', available, { mount: fs.mount });
    const counts = inodes.get(fs.mount);
    const files = finiteNumber(counts?.files);
    const ffree = finiteNumber(counts?.ffree);
    if (files !== undefined && ffree !== undefined && files > 0) {
      out.add('filesystem.inodes_used_percent', percent(files - ffree, files), { mount: fs.mount });
    }
  }
  return out.samples;
}
