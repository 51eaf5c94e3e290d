import type { FastPort } from './fast-port.js';
import { ProcfsUnavailableError } from './procfs-unavailable-error.js';

type FastCall = keyof FastPort;

/**
 * Serves each fast call from `primary` (the /proc reader) and, once that call has failed with
 * `ProcfsUnavailableError` (its file is missing here), from `fallback` (systeminformation) for
 * good, so a host without e.g. /proc/diskstats still gets disk rates and does not retry the
 * missing file every cycle. Other errors are passed on for the probe to record.
 */
export class FallbackFastPort implements FastPort {
  readonly #primary: FastPort;
  readonly #fallback: FastPort;
  readonly #fellBack = new Set<FastCall>();

  constructor(primary: FastPort, fallback: FastPort) {
    this.#primary = primary;
    this.#fallback = fallback;
  }

  /** The calls now served by the fallback. */
  get fellBack(): ReadonlySet<FastCall> {
    return this.#fellBack;
  }

  mem(): Promise<unknown> {
    return this.#call('mem', (port) => port.mem());
  }

  currentLoad(): Promise<unknown> {
    return this.#call('currentLoad', (port) => port.currentLoad());
  }

  fsSize(): Promise<unknown> {
    return this.#call('fsSize', (port) => port.fsSize());
  }

  fsStats(): Promise<unknown> {
    return this.#call('fsStats', (port) => port.fsStats());
  }

  disksIO(): Promise<unknown> {
    return this.#call('disksIO', (port) => port.disksIO());
  }

  networkStats(interfaces: string): Promise<unknown> {
    return this.#call('networkStats', (port) => port.networkStats(interfaces));
  }

  cpuTemperature(): Promise<unknown> {
    return this.#call('cpuTemperature', (port) => port.cpuTemperature());
  }

  time(): Promise<unknown> {
    return this.#call('time', (port) => port.time());
  }

  async #call(name: FastCall, call: (port: FastPort) => unknown): Promise<unknown> {
    if (this.#fellBack.has(name)) return call(this.#fallback);
    try {
      return await call(this.#primary);
    } catch (error) {
      if (!(error instanceof ProcfsUnavailableError)) throw error;
      this.#fellBack.add(name);
      return call(this.#fallback);
    }
  }
}
