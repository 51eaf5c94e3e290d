import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent } from '../model/event.js';
import type { EventReceipt } from '../pipeline/batch.js';
import { normaliseEvent } from '../pipeline/normalise-stage.js';
import type { ScriptFn } from '../store/redis/scripts.js';

/** Where an accepted batch came from, recorded on its stream entry (and a metric label). */
export type IngestVia = 'events' | 'prometheus' | 'alertmanager' | 'pagerduty';

/** Takes a batch of events and answers one receipt per event once it is durable. */
export type EventSink = (events: NativeEvent[], via?: IngestVia) => Promise<EventReceipt[]>;

/** What the stream ingest is built from. */
export interface StreamIngestOptions {
  /** The `stream-append` script on a Redis connection. */
  append: ScriptFn;
  stream: string;
  /** Most entries the stream may hold before ingest answers 503 (0: no limit). */
  maxLength: number;
  clock: Clock;
  /** Counts appended events by adapter, and refusals. */
  onAppended?: (via: IngestVia, events: number) => void;
}

/**
 * The ingest of `vigil server`: every adapter's accepted batch becomes one entry of the Redis
 * ingest stream, and the API answers 2xx only once XADD succeeded. Each event gets its id here
 * (the sender's idempotency key, else a new UUID) and its time (the sender's, else now), so the
 * replica that processes the entry later, or again after a crash, sees the same event: the id
 * is what makes a redelivered entry a no-op (docs/redis.md "Exactly once in effect").
 */
export class StreamIngest {
  readonly #o: StreamIngestOptions;

  constructor(options: StreamIngestOptions) {
    this.#o = options;
  }

  /** Appends `events`; resolves with a `queued` receipt per event once Redis has the entry. */
  readonly append: EventSink = async (events, via = 'events') => {
    const now = this.#o.clock.now();
    const fixed: NativeEvent[] = [];
    const receipts: EventReceipt[] = [];
    events.forEach((event, index) => {
      const id = event.id ?? randomUUID();
      const time = event.time ?? new Date(now).toISOString();
      // Normalising here validates the time and gives the receipt its fingerprint.
      const normalised = normaliseEvent({ ...event, id, time }, now, index);
      fixed.push({ ...event, id, time });
      receipts.push({
        id,
        fingerprint: normalised.fingerprint,
        status: 'accepted',
        decision: 'queued',
        incidentId: null,
      });
    });
    let reply: unknown;
    try {
      reply = await this.#o.append(
        1,
        this.#o.stream,
        String(this.#o.maxLength),
        String(fixed.length),
        JSON.stringify(fixed),
        via,
        String(now),
      );
    } catch (error) {
      throw new VigilError('VIGIL_ERR_STORE_UNAVAILABLE', {
        reason: `appending to the Redis ingest stream failed: ${(error as Error).message.slice(0, 200)}`,
      });
    }
    if (typeof reply === 'number') throw new VigilError('VIGIL_ERR_STREAM_FULL', { count: reply });
    this.#o.onAppended?.(via, fixed.length);
    return receipts;
  };
}
