import { fieldsOf, parseCount } from './parse-number.js';

/** One mount of /proc/self/mountinfo. */
export interface MountInfo {
  /** `major:minor` of the filesystem. */
  device: string;
  /** The directory of the filesystem mounted here (`/` unless it is a bind mount of a subtree). */
  root: string;
  mountPoint: string;
  /** Per-mount options (`rw`, `ro`, `nosuid`...). */
  mountOptions: string[];
  fstype: string;
  /** `/dev/vda`, `server:/export`, or a free-form name such as `tmpfs`. */
  source: string;
}

/**
 * Parses /proc/self/mountinfo (proc(5)):
 * `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
 * Octal escapes (`\040` for a space) are decoded. A line without the ` - ` separator, with a
 * malformed id or device, or with a relative path is skipped.
 */
export function parseMountinfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split('\n')) {
    const f = fieldsOf(line);
    const separator = f.indexOf('-', 6);
    const [id, parent, device, root, mountPoint, options] = f;
    const fstype = f[separator + 1];
    const source = f[separator + 2];
    if (
      separator < 0 ||
      parseCount(id) === undefined ||
      parseCount(parent) === undefined ||
      !device ||
      !/^\d+:\d+$/.test(device) ||
      !root?.startsWith('/') ||
      !mountPoint?.startsWith('/') ||
      options === undefined ||
      fstype === undefined ||
      source === undefined
    )
      continue;
    mounts.push({
      device,
      root: unescapeOctal(root),
      mountPoint: unescapeOctal(mountPoint),
      mountOptions: options.split(','),
      fstype: unescapeOctal(fstype),
      source: unescapeOctal(source),
    });
  }
  return mounts;
}

/** Decodes the kernel's `\ooo` escapes of space, tab, newline and backslash. */
function unescapeOctal(value: string): string {
  return value.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}
