import { createNameFilter, type NameFilter, type NameFilterOptions } from './name-pattern.js';
import type { MountFilter } from './select-mounts.js';

/**
 * Filesystem types that never fill up in a way an operator can act on (memory-backed, pseudo,
 * container layers, read-only media that is always 100 % full).
 */
export const DEFAULT_EXCLUDED_FS_TYPES: readonly string[] = [
  'tmpfs',
  'devtmpfs',
  'ramfs',
  'overlay',
  'overlayfs',
  'aufs',
  'squashfs',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devpts',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'autofs',
  'binfmt_misc',
  'rpc_pipefs',
  'nsfs',
  'efivarfs',
  'selinuxfs',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
  'fuse.portal',
  'iso9660',
  'udf',
  'nullfs',
  'devfs',
];

/** Mount points of container runtimes and kernel trees whose filesystems are someone else's concern. */
export const DEFAULT_EXCLUDED_MOUNTS: readonly string[] = [
  '/proc',
  '/proc/*',
  '/sys',
  '/sys/*',
  '/dev',
  '/dev/*',
  '/snap/*',
  '/run/user/*',
  '/run/docker/*',
  '/run/containerd/*',
  '/run/netns/*',
  '/var/lib/docker/*',
  '/var/lib/containers/*',
  '/var/lib/kubelet/*',
];

/**
 * Interface names of bridges, veth pairs, tunnels and overlay networks. They come and go with
 * containers: as label values they would be unbounded and their "down" state means nothing.
 */
export const DEFAULT_EXCLUDED_INTERFACES: readonly string[] = [
  'lo',
  'docker*',
  'veth*',
  'br-*',
  'virbr*',
  'vnet*',
  'cni*',
  'flannel*',
  'cali*',
  'vxlan*',
  'kube-*',
  'tun*',
  'tap*',
  'dummy*',
  'tailscale*',
];

/** Options of the host probe; every field has a default. */
export interface HostProbeOptions {
  /** The resource name on snapshots and events; default the OS host name. */
  resource?: string;
  /** Each systeminformation call is raced against this timeout (ms); default 5000. */
  callTimeoutMs?: number;
  /** Filesystems by type (exact names) and mount point (wildcards). */
  filesystems?: { excludeTypes?: readonly string[] } & NameFilterOptions;
  /** Interfaces by name (wildcards). Loopback is always excluded. */
  interfaces?: NameFilterOptions;
  /** Caps that keep label sets bounded on hosts with hundreds of mounts or interfaces. */
  maxFilesystems?: number;
  maxInterfaces?: number;
  maxTemperatureSensors?: number;
}

/** Options after defaults are applied and filters compiled. */
export interface ResolvedProbeOptions {
  resource: string;
  callTimeoutMs: number;
  excludedFsTypes: ReadonlySet<string>;
  mountFilter: NameFilter;
  interfaceFilter: NameFilter;
  maxFilesystems: number;
  maxInterfaces: number;
  maxTemperatureSensors: number;
}

/** Applies defaults; `hostname` is used when no resource name is configured. */
export function resolveProbeOptions(options: HostProbeOptions, hostname: string): ResolvedProbeOptions {
  const fs = options.filesystems ?? {};
  const ifs = options.interfaces ?? {};
  return {
    resource: options.resource ?? hostname,
    callTimeoutMs: options.callTimeoutMs ?? 5000,
    excludedFsTypes: new Set((fs.excludeTypes ?? DEFAULT_EXCLUDED_FS_TYPES).map((t) => t.toLowerCase())),
    mountFilter: createNameFilter({ include: fs.include, exclude: fs.exclude ?? DEFAULT_EXCLUDED_MOUNTS }),
    interfaceFilter: createNameFilter({
      include: ifs.include,
      exclude: ifs.exclude ?? DEFAULT_EXCLUDED_INTERFACES,
    }),
    maxFilesystems: options.maxFilesystems ?? 64,
    maxInterfaces: options.maxInterfaces ?? 32,
    maxTemperatureSensors: options.maxTemperatureSensors ?? 64,
  };
}

/**
 * The probe's filesystem filters as a mount filter, so the procfs port never calls statfs on a
 * mount the probe would drop anyway (hundreds of container overlays on a Docker host).
 */
export function mountFilterOf(
  options: Pick<ResolvedProbeOptions, 'excludedFsTypes' | 'mountFilter'>,
): MountFilter {
  return (mount, fstype) => !options.excludedFsTypes.has(fstype.toLowerCase()) && options.mountFilter(mount);
}
