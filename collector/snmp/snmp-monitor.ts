import type { Timers } from '../../agent/timers.js';
import { systemTimers } from '../../agent/timers.js';
import { type Clock, systemClock } from '../../correlator/clock/clock.js';
import type { NativeEvent } from '../../correlator/model/event.js';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { ThresholdEvaluator } from '../../rules/threshold-evaluator.js';
import type { ClientTuning } from './client.js';
import type { SnmpClientPool } from './client-pool.js';
import type { SnmpCredential } from './credential.js';
import { walkInventory } from './inventory.js';
import { inventoryObservations } from './inventory-observations.js';
import { type PollTables, pollDevice } from './poll-device.js';
import { type DevicePoll, pollSamples } from './poll-samples.js';

/** One polled device (config `snmp.targets[]`, credential resolved). */
export interface SnmpTarget {
  host: string;
  port: number;
  credential: SnmpCredential;
  intervalMs: number;
  /** Resource name for events; default: sysName, else the address. */
  name?: string;
  tuning?: Partial<ClientTuning>;
  tables?: PollTables;
}

/** Where the monitor's output goes. */
export interface SnmpMonitorSinks {
  onEvents(events: NativeEvent[]): Promise<void>;
  onObservations(batch: ObservationBatch): Promise<void>;
  /** A poll or inventory failed (device down, wrong credentials); the monitor keeps going. */
  onError?(target: SnmpTarget, error: unknown): void;
  /**
   * Every poll's outcome, for liveness: `answered` when the device answered it (a failing sink
   * after that does not make the device down), `at` when the poll started, `resource` the
   * device's name as events carry it.
   */
  onPoll?(target: SnmpTarget, poll: { answered: boolean; at: number; resource: string }): void;
}

interface TargetState {
  prev?: DevicePoll;
  resource?: string;
  timer?: unknown;
  lastInventory: number;
  entityNames?: Map<number, string>;
}

/**
 * Polls SNMP targets on their intervals through one session each (the pool), evaluates the
 * threshold rules on the samples (source `snmp`, resource = device name) and, every
 * `inventoryIntervalMs`, walks the inventory into CMDB observations. Polls of one target never
 * overlap; a failing target is reported and retried on its next interval.
 */
export class SnmpMonitor {
  readonly #state = new Map<SnmpTarget, TargetState>();
  #started = false;

  constructor(
    readonly targets: readonly SnmpTarget[],
    readonly deps: {
      pool: SnmpClientPool;
      evaluator: ThresholdEvaluator;
      sinks: SnmpMonitorSinks;
      clock?: Clock;
      timers?: Timers;
      inventoryIntervalMs?: number;
    },
  ) {}

  get #clock(): Clock {
    return this.deps.clock ?? systemClock;
  }
  get #timers(): Timers {
    return this.deps.timers ?? systemTimers;
  }

  /** Starts polling every target; the first polls run at once. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const target of this.targets) {
      this.#state.set(target, { lastInventory: Number.NEGATIVE_INFINITY });
      this.#schedule(target, 0);
    }
  }

  #schedule(target: SnmpTarget, ms: number): void {
    const state = this.#state.get(target)!;
    state.timer = this.#timers.setTimeout(async () => {
      await this.pollOnce(target);
      if (this.#started) this.#schedule(target, target.intervalMs);
    }, ms);
  }

  /** Polls one target now: samples through the rules, inventory when due. Never throws. */
  async pollOnce(target: SnmpTarget): Promise<void> {
    const state = this.#state.get(target) ?? { lastInventory: Number.NEGATIVE_INFINITY };
    this.#state.set(target, state);
    const client = this.deps.pool.client(
      { host: target.host, port: target.port },
      target.credential,
      target.tuning,
    );
    await this.deps.pool.run(async () => {
      const now = this.#clock.now();
      let answered = false;
      try {
        if (now - state.lastInventory >= (this.deps.inventoryIntervalMs ?? 3_600_000)) {
          const inventory = await walkInventory(client);
          answered = true;
          state.lastInventory = now;
          state.entityNames = new Map(
            inventory.entities.flatMap((e) => (e.name ? [[e.index, e.name] as const] : [])),
          );
          await this.deps.sinks.onObservations(inventoryObservations(inventory, now));
        }
        const poll = await pollDevice(client, now, target.tables);
        answered = true;
        if (state.entityNames) poll.entityNames = state.entityNames;
        const resource = target.name ?? poll.sysName ?? target.host;
        state.resource = resource;
        const samples = pollSamples(state.prev, poll);
        state.prev = poll;
        const events = this.deps.evaluator.evaluate({ resource, time: now, samples, source: 'snmp' }, now);
        if (events.length > 0) await this.deps.sinks.onEvents(events);
      } catch (error) {
        this.deps.sinks.onError?.(target, error);
      }
      this.deps.sinks.onPoll?.(target, {
        answered,
        at: now,
        resource: state.resource ?? target.name ?? target.host,
      });
    });
  }

  /** Stops the schedule and closes every session. */
  async stop(): Promise<void> {
    this.#started = false;
    for (const state of this.#state.values()) {
      if (state.timer !== undefined) this.#timers.clearTimeout(state.timer);
    }
    this.deps.pool.close();
  }
}
