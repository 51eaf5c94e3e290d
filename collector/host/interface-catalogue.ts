import type { NameFilter } from './name-pattern.js';
import { type InterfaceInfo, parseInterface } from './network-interface.js';
import { asArray } from './read-value.js';

/**
 * The interfaces the probe monitors, learnt from the costly `si.networkInterfaces()` (slow
 * cadence) and used by every fast cycle. It is sticky: Node (libuv) lists only interfaces that
 * are up, so an interface that goes down vanishes from `networkInterfaces()`; keeping it here
 * lets the fast cycle still poll its state and report `network.oper_up 0`. Interfaces that are
 * down since the agent started are therefore not monitored until they have been up once.
 */
export class InterfaceCatalogue {
  readonly #filter: NameFilter;
  readonly #max: number;
  readonly #known = new Map<string, InterfaceInfo>();
  #current: InterfaceInfo[] = [];
  #learnt = false;

  constructor(filter: NameFilter, maxInterfaces: number) {
    this.#filter = filter;
    this.#max = maxInterfaces;
  }

  /** Learns from a `si.networkInterfaces()` result; returns the monitored interfaces in it. */
  update(raw: unknown): InterfaceInfo[] {
    this.#learnt = true;
    this.#current = [];
    for (const info of asArray(raw).map(parseInterface)) {
      if (!info || info.internal || !this.#filter(info.name)) continue;
      if (!this.#known.has(info.name) && this.#known.size >= this.#max) continue;
      this.#known.set(info.name, info);
      this.#current.push(info);
    }
    return this.#current;
  }

  /** Whether the fast cycle reports this interface: a known one, or by name before the first update. */
  isMonitored(name: string): boolean {
    return this.#learnt ? this.#known.has(name) : name !== 'lo' && this.#filter(name);
  }

  /**
   * The argument for `si.networkStats()`: the known interfaces, `*` before the first update,
   * or `undefined` when there is nothing to poll.
   */
  pollList(): string | undefined {
    if (!this.#learnt) return '*';
    return this.#known.size === 0 ? undefined : [...this.#known.keys()].join(',');
  }

  /** Every interface seen since start (latest facts of each), sorted by name. */
  known(): InterfaceInfo[] {
    return [...this.#known.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The monitored interfaces of the latest update. */
  current(): InterfaceInfo[] {
    return this.#current;
  }
}
