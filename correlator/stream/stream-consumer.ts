import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent } from '../model/event.js';
import { decodeEntry, type StreamEntry } from './stream-entry.js';
import type { StreamMetrics } from './stream-metrics.js';

/** What a stream consumer is built from. */
export interface StreamConsumerOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it. */
  redis: Redis;
  stream: string;
  /** Dead-letter stream for entries no replica can process. */
  dead: string;
  group: string;
  /** Unique per process, so a restarted replica never mistakes a dead one's entries for its own. */
  consumer: string;
  /** Runs the events through the pipeline; resolves once the store committed them. */
  process: (events: NativeEvent[]) => Promise<unknown>;
  clock: Clock;
  /** Entries read per round. */
  count: number;
  /** How long one read waits for new entries, ms. */
  blockMs: number;
  /** A pending entry idle this long belongs to a dead or stalled replica and is claimed, ms. */
  claimIdleMs: number;
  metrics?: StreamMetrics;
  logger?: Logger;
}

type RawEntry = [string, string[]];

/**
 * An entry whose processing failed this many times in a row on one replica (while Redis answered)
 * is dead-lettered: a bug or an entry that trips one must not stop the group for good.
 */
export const MAX_ENTRY_FAILURES = 10;

/**
 * One replica's member of the consumer group on the ingest stream: reads entries (XREADGROUP),
 * runs them through the pipeline, and acknowledges them (XACK) only after the store committed
 * them, so a replica killed in between leaves them pending; another replica claims those
 * (XAUTOCLAIM after `claimIdleMs`) and runs them again, which changes nothing the second time
 * because the events' ids were recorded with the commit. Entries that can never be processed
 * (malformed, or refused by validation: the same answer every time) go to the dead-letter stream
 * with the reason, so nothing accepted is dropped silently; any other failure (Redis, conflicts)
 * leaves them pending to be retried, up to MAX_ENTRY_FAILURES times in a row for one entry.
 */
export class StreamConsumer {
  readonly #o: StreamConsumerOptions;
  /** Start, or after a failure: our own pending entries are read again first. */
  #ownPending = true;
  #lastClaim = Number.NEGATIVE_INFINITY;
  #claimCursor = '0-0';
  #stopped = false;
  /** Failures per entry id on this replica since its last success. */
  readonly #failures = new Map<string, number>();
  #loop: Promise<void> | null = null;

  constructor(options: StreamConsumerOptions) {
    this.#o = options;
  }

  /** Creates the group (and the stream) if missing; reading starts at the stream's beginning. */
  async ensureGroup(): Promise<void> {
    try {
      await this.#o.redis.xgroup('CREATE', this.#o.stream, this.#o.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  /**
   * One round: our own pending entries after a start or failure, else idle entries of other
   * replicas when a claim is due, else new entries (blocking up to `blockMs`). Returns how many
   * entries were acknowledged or dead-lettered. Throws when Redis fails; entries stay pending.
   */
  async round(): Promise<number> {
    const { redis, stream, group, consumer, count } = this.#o;
    let entries: RawEntry[] = [];
    if (this.#ownPending) {
      entries = await this.#read(['STREAMS', stream, '0']);
      if (entries.length === 0) this.#ownPending = false;
    }
    if (entries.length === 0 && this.#o.clock.now() - this.#lastClaim >= this.#o.claimIdleMs / 2) {
      const reply = (await redis.xautoclaim(
        stream,
        group,
        consumer,
        this.#o.claimIdleMs,
        this.#claimCursor,
        'COUNT',
        count,
      )) as unknown as [string, RawEntry[], string[]?];
      const [next, claimed] = reply;
      entries = claimed.filter((e) => Array.isArray(e[1]));
      this.#claimCursor = next;
      // A full scan of the pending list ends at 0-0; then wait before the next one.
      if (next === '0-0') this.#lastClaim = this.#o.clock.now();
      if (entries.length > 0) {
        this.#o.metrics?.claimed.inc(entries.length);
        this.#o.logger?.warn(
          { entries: entries.length },
          'claimed pending ingest entries of a stalled replica',
        );
      }
    }
    if (entries.length === 0) entries = await this.#read(['BLOCK', this.#o.blockMs, 'STREAMS', stream, '>']);
    if (entries.length === 0) return 0;
    return this.#handle(entries.map(decodeEntry));
  }

  async #read(tail: Array<string | number>): Promise<RawEntry[]> {
    const { redis, group, consumer, count } = this.#o;
    const args = ['GROUP', group, consumer, 'COUNT', count, ...tail];
    const reader = redis as unknown as { xreadgroup(...a: Array<string | number>): Promise<unknown> };
    const reply = (await reader.xreadgroup(...args)) as Array<[string, RawEntry[]]> | null;
    // Entries trimmed while pending come back with null fields; there are none to process.
    return (reply?.[0]?.[1] ?? []).filter((e) => Array.isArray(e[1]));
  }

  /**
   * Runs all entries through the pipeline at once (its group commit makes one store commit of
   * them), acknowledges those committed, dead-letters those refused for good, and leaves the rest
   * pending for the next round.
   */
  async #handle(entries: StreamEntry[]): Promise<number> {
    const { redis, stream, group } = this.#o;
    const outcomes = await Promise.allSettled(
      entries.map((entry) =>
        'malformed' in entry.events ? Promise.reject(entry.events) : this.#o.process(entry.events),
      ),
    );
    const done: string[] = [];
    const dead: Array<{ entry: StreamEntry; reason: string }> = [];
    let failed: unknown = null;
    outcomes.forEach((outcome, i) => {
      const entry = entries[i]!;
      if (outcome.status === 'fulfilled') done.push(entry.id);
      else {
        const reason = outcome.reason as unknown;
        if (reason && typeof reason === 'object' && 'malformed' in reason)
          dead.push({ entry, reason: `malformed: ${(reason as { malformed: string }).malformed}` });
        else if (reason instanceof VigilError && reason.code === 'VIGIL_ERR_VALIDATION')
          dead.push({ entry, reason: `${reason.code}: ${reason.message}` });
        else {
          const failures = (this.#failures.get(entry.id) ?? 0) + 1;
          this.#failures.set(entry.id, failures);
          if (failures >= MAX_ENTRY_FAILURES)
            dead.push({
              entry,
              reason: `failed ${failures} times, last: ${String((reason as Error)?.message ?? reason)}`,
            });
          else failed ??= reason;
        }
      }
    });
    for (const id of [...done, ...dead.map((d) => d.entry.id)]) this.#failures.delete(id);
    if (dead.length > 0) {
      const tx = redis.multi();
      for (const { entry, reason } of dead) {
        tx.xadd(this.#o.dead, '*', 'entry', entry.id, 'reason', reason.slice(0, 1000), ...entry.fields);
        tx.xack(stream, group, entry.id);
      }
      await tx.exec();
      this.#o.metrics?.deadLettered.inc(dead.length);
      this.#o.logger?.error(
        { entries: dead.map((d) => d.entry.id), reason: dead[0]!.reason },
        'ingest entries cannot be processed; moved to the dead-letter stream (docs/redis.md)',
      );
    }
    if (done.length > 0) {
      await redis.xack(stream, group, ...done);
      this.#o.metrics?.processed.inc(done.length);
    }
    if (failed !== null) {
      this.#ownPending = true;
      throw failed;
    }
    return done.length + dead.length;
  }

  /** Runs rounds until `stop`; a failed round is logged and retried after a growing pause. */
  start(): void {
    this.#loop ??= (async () => {
      let pause = 100;
      while (!this.#stopped) {
        try {
          await this.round();
          pause = 100;
        } catch (error) {
          if (this.#stopped) break;
          this.#ownPending = true;
          this.#o.metrics?.failures.inc();
          this.#o.logger?.error(
            { err: error },
            'ingest stream round failed; its entries stay pending and are retried',
          );
          await new Promise((r) => setTimeout(r, pause));
          pause = Math.min(pause * 2, 5000);
        }
      }
    })();
  }

  /** Stops after the current round (at most `blockMs` of waiting plus the batch in flight). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }
}
