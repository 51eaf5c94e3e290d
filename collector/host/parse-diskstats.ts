import { fieldsOf, parseCount } from './parse-number.js';

/** The I/O counters of one block device since boot (/proc/diskstats). */
export interface DiskCounters {
  name: string;
  readsCompleted: number;
  /** 512-byte sectors, whatever the device's real sector size. */
  sectorsRead: number;
  writesCompleted: number;
  sectorsWritten: number;
}

/**
 * Parses /proc/diskstats (`major minor name reads merged sectors ms writes merged sectors ...`).
 * A line with fewer than 14 fields or a non-numeric counter is skipped; the first line of a
 * device name wins.
 */
export function parseDiskstats(text: string): DiskCounters[] {
  const disks = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = fieldsOf(line);
    const name = f[2];
    if (f.length < 14 || name === undefined || disks.has(name)) continue;
    const [major, minor, readsCompleted, sectorsRead, writesCompleted, sectorsWritten] = [
      f[0],
      f[1],
      f[3],
      f[5],
      f[7],
      f[9],
    ].map(parseCount);
    if (
      major === undefined ||
      minor === undefined ||
      readsCompleted === undefined ||
      sectorsRead === undefined ||
      writesCompleted === undefined ||
      sectorsWritten === undefined
    )
      continue;
    disks.set(name, { name, readsCompleted, sectorsRead, writesCompleted, sectorsWritten });
  }
  return [...disks.values()];
}

/**
 * Devices stacked on other disks or backed by memory or files: counting them as well would
 * count the same I/O twice (dm, md, drbd) or count I/O that never reaches a disk (loop, ram,
 * zram). The same list systeminformation's `disksIO` leaves out, plus what `lsblk` does not
 * type as `disk`.
 */
const NOT_A_PHYSICAL_DISK = /^(?:loop|ram|zram|dm-|md|drbd|nbd|sr|fd|zd)\d/;

/**
 * The whole physical disks among /proc/diskstats entries: partitions are left out (their I/O is
 * already in their disk's counters) and so are virtual devices. `sysBlock` is the listing of
 * /sys/block, which holds whole disks only; without it a name is taken for a partition when it
 * extends another listed name by digits (`sda1`, `nvme0n1p2`, `mmcblk0p1`).
 */
export function wholeDisks(disks: readonly DiskCounters[], sysBlock?: ReadonlySet<string>): DiskCounters[] {
  const names = new Set(disks.map((d) => d.name));
  const isPartition = (name: string) => {
    for (let end = name.length - 1; end > 0; end--) {
      const rest = name.slice(end);
      if (/^p?\d+$/.test(rest) && names.has(name.slice(0, end))) return true;
    }
    return false;
  };
  return disks.filter(
    (d) => !NOT_A_PHYSICAL_DISK.test(d.name) && (sysBlock ? sysBlock.has(d.name) : !isPartition(d.name)),
  );
}
