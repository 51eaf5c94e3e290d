import type { Spool, SpooledRecord } from '../spool/spool.js';
import type { Timers } from '../timers.js';
import type { Backoff } from './backoff.js';
import { decodeShipRecord, encodeShipRecord, ROUTES, type ShipRecord } from './records.js';
import type { Delivery, Transport } from './transport.js';

/** What the shipper reports, for metrics and logs. */
export interface ShipperEvents {
  shipped?(kind: ShipRecord['k'], items: number): void;
  failed?(delivery: Exclude<Delivery, { outcome: 'ok' }>, waitMs: number): void;
  /** Records the correlator refused for good (dropped so they do not block the spool). */
  rejected?(kind: ShipRecord['k'], items: number, reason: string): void;
  /** Items dropped because the spool was full. */
  dropped?(items: number): void;
}

/** What the shipper is built from. */
export interface ShipperDeps {
  spool: Spool;
  transport: Transport;
  backoff: Backoff;
  timers: Timers;
  /** Most events per request. */
  batchSize: number;
  /** Longest time a spooled event waits when fewer than batchSize are pending. */
  flushIntervalMs: number;
  events?: ShipperEvents;
}

/**
 * Ships spooled records to the correlator in order. Every record is written to the spool first
 * (durable), then sent; it is consumed only after a 2xx. Failures wait with backoff and retry the
 * same records, so order holds; a 401/403 waits the longest backoff (the token is wrong, the spool
 * keeps everything); a body the correlator refuses for good is retried alone and then dropped and
 * reported, so one bad record never blocks the rest.
 */
export class Shipper {
  readonly #d: ShipperDeps;
  #timer: unknown = null;
  #running = false;
  #inFlight: Promise<void> | null = null;
  /** After a rejected multi-record batch: send one record at a time until one succeeds. */
  #single = false;
  #waitingForBackoff = false;
  #dropped = 0;

  constructor(deps: ShipperDeps) {
    this.#d = deps;
  }

  /** Spools a record (durably, per the spool's fsync policy) and schedules its delivery. */
  enqueue(record: ShipRecord): void {
    const records =
      record.k === 'events' && record.b.length > this.#d.batchSize
        ? chunk(record.b, this.#d.batchSize).map((b) => ({ k: 'events' as const, b }))
        : [record];
    for (const r of records) {
      const { payload, items } = encodeShipRecord(r);
      this.#d.spool.append(payload, items);
    }
    const dropped = this.#d.spool.droppedItems - this.#dropped;
    if (dropped > 0) {
      this.#dropped += dropped;
      this.#d.events?.dropped?.(dropped);
    }
    this.#schedule();
  }

  start(): void {
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops scheduling and waits for a delivery in flight; what is left stays spooled. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== null) this.#d.timers.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  /** Schedules a pump: at once when a full batch waits, else after the flush interval. */
  #schedule(delayMs?: number): void {
    if (!this.#running || this.#inFlight || this.#waitingForBackoff) return;
    const full = this.#d.spool.pendingItems >= this.#d.batchSize;
    const delay = delayMs ?? (full ? 0 : this.#d.flushIntervalMs);
    if (this.#timer !== null) {
      if (delay > 0) return;
      this.#d.timers.clearTimeout(this.#timer);
    }
    this.#timer = this.#d.timers.setTimeout(() => {
      this.#timer = null;
      return this.#run();
    }, delay);
  }

  /** Runs one pump; records spooled while it finished are scheduled again. */
  #run(): Promise<void> {
    this.#inFlight = this.#pump().finally(() => {
      this.#inFlight = null;
      if (this.#d.spool.pending > 0) this.#schedule();
    });
    return this.#inFlight;
  }

  /** Sends batches until the spool is empty or a delivery fails. */
  async #pump(): Promise<void> {
    while (this.#running) {
      const batch = this.#takeBatch();
      if (batch.records.length === 0) return;
      if (batch.record === null) {
        // Passed the checksum but is not a record: damage; drop it rather than block the spool.
        this.#d.spool.ack(batch.records.length);
        this.#d.events?.rejected?.('events', batch.items, 'undecodable spool record');
        continue;
      }
      const delivery = await this.#d.transport.post(ROUTES[batch.record.k], body(batch.record));
      if (delivery.outcome === 'ok') {
        this.#d.spool.ack(batch.records.length);
        this.#d.backoff.reset();
        this.#single = false;
        this.#d.events?.shipped?.(batch.record.k, batch.items);
        continue;
      }
      if (delivery.outcome === 'rejected') {
        if (batch.records.length > 1) {
          this.#single = true;
          continue;
        }
        this.#d.spool.ack(1);
        this.#d.events?.rejected?.(batch.record.k, batch.items, delivery.reason);
        continue;
      }
      const wait = delivery.outcome === 'auth' ? this.#d.backoff.longest() : this.#d.backoff.next();
      this.#d.events?.failed?.(delivery, wait);
      this.#waitingForBackoff = true;
      this.#timer = this.#d.timers.setTimeout(() => {
        this.#timer = null;
        this.#waitingForBackoff = false;
        return this.#run();
      }, wait);
      return;
    }
  }

  /** The oldest records of one kind: event records up to batchSize events, else one record. */
  #takeBatch(): { records: SpooledRecord[]; record: ShipRecord | null; items: number } {
    let kind: ShipRecord['k'] | null = null;
    const decoded: ShipRecord[] = [];
    const records = this.#d.spool.peek(this.#single ? 1 : this.#d.batchSize, (candidate, taken) => {
      const record = decodeShipRecord(candidate.payload);
      if (taken.length === 0) {
        kind = record?.k ?? null;
        if (record) decoded.push(record);
        return true;
      }
      if (kind !== 'events' || record?.k !== 'events') return false;
      const items = taken.reduce((sum, r) => sum + r.items, 0);
      if (items + candidate.items > this.#d.batchSize) return false;
      decoded.push(record);
      return true;
    });
    const items = records.reduce((sum, r) => sum + r.items, 0);
    if (records.length === 0 || decoded.length === 0) return { records, record: null, items };
    if (decoded[0]!.k !== 'events') return { records, record: decoded[0]!, items };
    const events = decoded.flatMap((r) => (r.k === 'events' ? r.b : []));
    return { records, record: { k: 'events', b: events }, items };
  }
}

function body(record: ShipRecord): unknown {
  return record.k === 'events' ? { events: record.b } : record.b;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
