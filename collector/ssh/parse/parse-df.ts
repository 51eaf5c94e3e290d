import { DEFAULT_EXCLUDED_FS_TYPES } from '../../host/probe-options.js';

/** One line of `df -PTk` (or `df -Pk`, which has no type). */
export interface DfEntry {
  device: string;
  fstype?: string;
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
  mount: string;
}

const MAX_ENTRIES = 4096;

/**
 * Parses POSIX `df -P` output, with or without `-T`, in 1024-byte blocks. The mount point is
 * everything after the capacity column, so mounts with spaces survive; `df` escapes nothing,
 * so a newline in a mount point makes that line unparseable and it is skipped.
 */
export function parseDf(text: string): DfEntry[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^Filesystem\s/.test(l));
  if (header < 0) return [];
  const typed = /^Filesystem\s+Type\s/.test(lines[header]!);
  const entries: DfEntry[] = [];
  for (const line of lines.slice(header + 1)) {
    if (entries.length >= MAX_ENTRIES) break;
    const match = typed
      ? /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/.exec(line)
      : /^(\S+)\s+()(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/.exec(line);
    if (!match) continue;
    const [, device, fstype, size, used, available, , mount] = match as unknown as string[];
    const kib = (v: string) => Number(v) * 1024;
    if (![size, used, available].every((v) => Number.isSafeInteger(kib(v!)))) continue;
    entries.push({
      device: device!,
      ...(fstype ? { fstype: fstype.toLowerCase() } : {}),
      sizeBytes: kib(size!),
      usedBytes: kib(used!),
      availableBytes: kib(available!),
      mount: mount!.trimEnd(),
    });
  }
  return entries;
}

const PSEUDO_SOURCES = new Set(DEFAULT_EXCLUDED_FS_TYPES);

/**
 * The filesystem type of a df entry. `df` without `-T` (BusyBox builds, the RHEL 6 and CentOS 7
 * captures) prints none; memory and kernel filesystems are mounted with their type as the
 * source name (`tmpfs /run`, `devtmpfs /dev`, `proc /proc`), so such a device name stands in
 * for the type and the same type filters apply as with `-T`. Anything else is `unknown`.
 */
export function dfFsType(entry: DfEntry): string {
  if (entry.fstype) return entry.fstype;
  return PSEUDO_SOURCES.has(entry.device) ? entry.device : 'unknown';
}
