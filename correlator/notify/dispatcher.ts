import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { TimelineEntry } from '../model/records.js';
import type { OutboxEntry, OutboxStore } from '../store/outbox-store.js';
import { backoffDelay } from './backoff.js';
import { type DeliveryResult, httpSender, type Sender } from './deliver.js';
import type { NotifyMetrics } from './metrics.js';
import type { NotifySetup } from './setup.js';

/** Due notifications read per round at most. */
const ROUND_LIMIT = 200;
/**
 * How long a claim outlasts the receiver's timeout: a send starts only within this much of the
 * claim being taken, so it ends (answered or timed out) before another replica may take over.
 */
export const CLAIM_SLACK_MS = 5000;

/** What the dispatcher works with. */
export interface DispatcherDeps {
  store: OutboxStore;
  setup: NotifySetup;
  clock: Clock;
  metrics: NotifyMetrics;
  /** In [0, 1); jitter of the backoff. Defaults to Math.random. */
  random?: () => number;
  /** Defaults to the HTTP sender. */
  send?: Sender;
  logger?: Logger;
  /** Names this dispatcher's claims (replica id); defaults to a random one. */
  owner?: string;
  /**
   * Checked before each claim and each send; false stops the round (`vigil server`: the timer
   * lease is no longer held, so this replica stops sending at once).
   */
  mayContinue?: () => boolean;
}

/**
 * Delivers the durable outbox: each round takes the due notifications (the oldest pending one of
 * each incident and receiver, so a receiver hears an incident's transitions in order), sends them
 * `delivery.concurrency` at a time, and records each outcome with its timeline entry in one
 * transaction: delivered (`notified`), retried after an exponential backoff with jitter, or, when
 * not retryable or older than `delivery.maxAge`, a dead letter (`notify_failed`). Each attempt first
 * claims its notification in the store (owner and deadline) and records its outcome only under that
 * claim, so replicas never send one at once and a replica that stalled past its claim can never
 * queue again what another one delivered. Time comes from the injected clock, so tests drive
 * retries without waiting.
 */
export class NotificationDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #send: Sender;
  readonly #random: () => number;
  readonly #inFlight = new Set<string>();
  readonly #owner: string;
  #claims = 0;
  #round: Promise<number> | null = null;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#send = deps.send ?? httpSender;
    this.#random = deps.random ?? Math.random;
    this.#owner = deps.owner ?? randomBytes(6).toString('hex');
  }

  #mayContinue(): boolean {
    return this.#deps.mayContinue?.() ?? true;
  }

  /**
   * One round; resolves with how many notifications were attempted. A round asked for while one
   * runs returns that one, so a timer can call it every second without overlapping requests.
   */
  dispatch(): Promise<number> {
    this.#round ??= this.#dispatch().finally(() => {
      this.#round = null;
    });
    return this.#round;
  }

  async #dispatch(): Promise<number> {
    const now = this.#deps.clock.now();
    const due = (await this.#deps.store.dueNotifications(now, ROUND_LIMIT)).filter(
      (e) => !this.#inFlight.has(e.id),
    );
    let next = 0;
    const worker = async () => {
      while (next < due.length && this.#mayContinue()) await this.#attempt(due[next++]!);
    };
    const workers = Math.min(this.#deps.setup.delivery.concurrency, due.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return due.length;
  }

  /** Waits for the round in progress, if any (shutdown). */
  async idle(): Promise<void> {
    await this.#round?.catch(() => undefined);
  }

  async #attempt(due: OutboxEntry): Promise<void> {
    this.#inFlight.add(due.id);
    try {
      const { store, clock, setup } = this.#deps;
      const receiver = setup.receivers.get(due.receiver);
      const claimedAt = clock.now();
      const owner = `${this.#owner}:${++this.#claims}`;
      const until = claimedAt + (receiver?.timeoutMs ?? 0) + CLAIM_SLACK_MS;
      const entry = await store.claimNotification(due.id, { owner, now: claimedAt, until });
      // Delivered or claimed elsewhere meanwhile: nothing to do.
      if (!entry) return;
      // Stalled past what the claim allows, or the lease is gone: give the claim back unsent (if
      // still ours), so the next holder need not wait for it to lapse.
      if (clock.now() >= claimedAt + CLAIM_SLACK_MS || !this.#mayContinue()) {
        await store.recordNotification(entry, undefined, owner);
        return;
      }
      const result: DeliveryResult = receiver
        ? await this.#send(receiver, entry).catch((error: unknown) => ({
            ok: false as const,
            retryable: true,
            reason: 'connection' as const,
            message: (error as Error).message,
          }))
        : {
            ok: false,
            retryable: false,
            reason: 'receiver_removed',
            message: `receiver "${entry.receiver}" is no longer in notify.receivers`,
          };
      await this.#record(entry, result, owner);
    } catch (error) {
      this.#deps.logger?.error(
        { err: error, notification: due.id },
        'recording a notification attempt failed; it is tried again next round',
      );
    } finally {
      this.#inFlight.delete(due.id);
    }
  }

  async #record(entry: OutboxEntry, result: DeliveryResult, owner: string): Promise<void> {
    const { store, clock, metrics, setup } = this.#deps;
    const now = clock.now();
    const attempts = entry.attempts + 1;
    const what = `${entry.transition} to ${entry.receiver} (rule ${entry.rule})`;
    const record = async (next: OutboxEntry, line?: ReturnType<typeof timeline>) => {
      const stored = await store.recordNotification(next, line, owner);
      if (!stored)
        this.#deps.logger?.warn(
          { notification: entry.id, receiver: entry.receiver },
          'notification outcome dropped: its claim lapsed and another replica took it over',
        );
      return stored;
    };
    if (result.ok) {
      const stored = await record(
        { ...entry, state: 'delivered', attempts, nextAttemptAt: null, deliveredAt: now },
        timeline(entry, now, 'notified', `${what} delivered, attempt ${attempts}, HTTP ${result.status}`),
      );
      if (stored) metrics.sent.inc({ receiver: entry.receiver });
      return;
    }
    const failed = { ...entry, attempts, lastReason: result.reason, lastError: result.message };
    const retryAt = now + backoffDelay(attempts, setup.delivery, this.#random);
    const tooOld = retryAt - (entry.requeuedAt ?? entry.createdAt) > setup.delivery.maxAgeMs;
    if (result.retryable && !tooOld) {
      if (await record({ ...failed, nextAttemptAt: retryAt }))
        metrics.retried.inc({ receiver: entry.receiver, reason: result.reason });
      return;
    }
    const reason = result.retryable ? 'max_age' : result.reason;
    const stored = await record(
      { ...failed, state: 'dead', nextAttemptAt: null, lastReason: reason },
      timeline(
        entry,
        now,
        'notify_failed',
        `${what} given up after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}): ${result.message}`,
      ),
    );
    if (!stored) return;
    metrics.failed.inc({ receiver: entry.receiver, reason });
    this.#deps.logger?.warn(
      { notification: entry.id, receiver: entry.receiver, reason, error: result.message },
      'notification moved to the dead letters; fix the receiver, then POST /api/v1/notifications/{id}/retry',
    );
  }
}

function timeline(
  entry: OutboxEntry,
  at: number,
  action: string,
  detail: string,
): { incidentId: string; entry: TimelineEntry } {
  return {
    incidentId: entry.incidentId,
    entry: { at, actor: `notify:${entry.rule}`, action, fromStatus: null, toStatus: null, detail },
  };
}
