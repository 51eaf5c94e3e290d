import type { Redis } from 'ioredis';
import type { SlotRecord, SweepSlots } from '../../collector/discovery/leased-discovery.js';
import type { ScriptFn } from '../store/redis/scripts.js';
import type { Lease } from './lease.js';

/** The longest stored slot value read as a time (a 13-digit ms timestamp fits with room). */
const MAX_SLOT_CHARS = 20;

/**
 * The shared last slot of each scheduled discovery sweep in distributed mode: one Redis hash, read
 * by the lease holder every step and taken with the `discovery-claim` script, which checks the
 * lease key still holds this replica's lease value (a fence in Redis itself, not only the local
 * clock) and that nobody took a slot since the read.
 */
export class RedisSweepSlots implements SweepSlots {
  readonly #o: { redis: Redis; claim: ScriptFn; leaseKey: string; slotsKey: string; lease: Lease };

  constructor(options: { redis: Redis; claim: ScriptFn; leaseKey: string; slotsKey: string; lease: Lease }) {
    this.#o = options;
  }

  /** The job's last slot; a value that is not a whole non-negative ms time reads as none. */
  async read(job: string): Promise<SlotRecord> {
    const raw = (await this.#o.redis.hget(this.#o.slotsKey, job)) ?? '';
    const at = raw.length <= MAX_SLOT_CHARS && /^\d+$/.test(raw) ? Number(raw) : null;
    return { raw, at: at !== null && Number.isSafeInteger(at) ? at : null };
  }

  async claim(job: string, previous: string, slot: number): Promise<'taken' | 'moved' | 'not-holder'> {
    const value = this.#o.lease.value;
    if (value === null) return 'not-holder';
    const result = Number(
      await this.#o.claim(2, this.#o.leaseKey, this.#o.slotsKey, value, job, previous, String(slot)),
    );
    return result === 1 ? 'taken' : result === 0 ? 'moved' : 'not-holder';
  }
}
