import { readFileSync } from 'node:fs';
import type { OsPort, StatfsPort, SystemInformationPort } from './system-information-port.js';

/** A captured host: every systeminformation result plus the `node:os` / statfs facts. */
export type HostFixture = Record<string, unknown> & {
  hostname?: unknown;
  loadavg?: unknown;
  cpuCount?: unknown;
  statfs?: unknown;
};

/** Reads a fixture of `collector/host/fixtures/` (see `fixtures/capture.mjs`). */
export function loadHostFixture(name: string): HostFixture {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as HostFixture;
}

/**
 * Replays a fixture as systeminformation, `node:os` and statfs, so the probe and the agent run
 * without touching the machine. `fixture` is read on every call: tests change it between cycles
 * to script a host over time. `calls` counts the calls per function.
 */
export class FixtureSystemInformation {
  fixture: HostFixture;
  readonly calls = new Map<string, number>();
  /** The interface lists `networkStats` was called with. */
  readonly networkStatsArgs: string[] = [];

  constructor(fixture: HostFixture) {
    this.fixture = fixture;
  }

  /** The fake systeminformation module. */
  get si(): SystemInformationPort {
    const result = (name: string) => {
      this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
      return structuredClone(this.fixture[name]);
    };
    const call = (name: string) => async () => result(name);
    return {
      mem: call('mem'),
      currentLoad: call('currentLoad'),
      fsSize: call('fsSize'),
      fsStats: call('fsStats'),
      disksIO: call('disksIO'),
      networkStats: async (interfaces: string) => {
        this.networkStatsArgs.push(interfaces);
        return result('networkStats');
      },
      cpuTemperature: call('cpuTemperature'),
      time: () => result('time'),
      networkInterfaces: call('networkInterfaces'),
      osInfo: call('osInfo'),
      system: call('system'),
      cpu: call('cpu'),
      diskLayout: call('diskLayout'),
      blockDevices: call('blockDevices'),
      uuid: call('uuid'),
    };
  }

  /** The fake `node:os` facts. */
  get os(): OsPort {
    return {
      hostname: () => String(this.fixture.hostname ?? 'fixture-host'),
      loadavg: () => (Array.isArray(this.fixture.loadavg) ? (this.fixture.loadavg as number[]) : []),
      cpuCount: () => Number(this.fixture.cpuCount),
    };
  }

  /** The fake statfs: inode counts by mount, rejecting unknown mounts like the real one. */
  get statfs(): StatfsPort {
    return async (path) => {
      const found = (this.fixture.statfs as Record<string, { files: number; ffree: number }> | undefined)?.[
        path
      ];
      if (!found) throw new Error(`ENOENT: no such file or directory, statfs '${path}'`);
      return found;
    };
  }
}
