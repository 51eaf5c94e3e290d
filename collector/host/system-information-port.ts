/**
 * The part of systeminformation the host probe uses. Results are typed `unknown` on purpose:
 * they vary by platform and version, and the mappers validate every field they read. Tests
 * pass a fake object built from fixture files; production passes the real module.
 */
export interface SystemInformationPort {
  mem(): Promise<unknown>;
  currentLoad(): Promise<unknown>;
  fsSize(): Promise<unknown>;
  fsStats(): Promise<unknown>;
  disksIO(): Promise<unknown>;
  /** Comma-separated interface names, or `*` for all. */
  networkStats(interfaces: string): Promise<unknown>;
  cpuTemperature(): Promise<unknown>;
  /** Synchronous in systeminformation. */
  time(): unknown;
  networkInterfaces(): Promise<unknown>;
  osInfo(): Promise<unknown>;
  system(): Promise<unknown>;
  cpu(): Promise<unknown>;
  diskLayout(): Promise<unknown>;
  blockDevices(): Promise<unknown>;
  uuid(): Promise<unknown>;
}

/** The few `node:os` facts the probe needs, injectable for tests. */
export interface OsPort {
  hostname(): string;
  /** 1, 5 and 15 minute load averages. */
  loadavg(): number[];
  /** Number of CPUs the load average is spread over. */
  cpuCount(): number;
}

/** `statfs(2)` of a mount point: inode totals, which systeminformation does not report. */
export type StatfsPort = (path: string) => Promise<{ files: number; ffree: number }>;

/**
 * Loads the real systeminformation module. Kept out of the probe's import graph so that
 * importing the probe (in tests, or in the correlator) does not load it (about 11 MB RSS).
 */
export async function loadSystemInformation(): Promise<SystemInformationPort> {
  const module = await import('systeminformation');
  return module.default;
}

/** The production `OsPort` on `node:os`. */
export async function loadOsPort(): Promise<OsPort> {
  const os = await import('node:os');
  return {
    hostname: () => os.hostname(),
    loadavg: () => os.loadavg(),
    cpuCount: () => os.availableParallelism(),
  };
}
