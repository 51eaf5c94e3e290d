import { type ClientTuning, SnmpClient } from './client.js';
import type { SnmpCredential } from './credential.js';
import type { SessionFactory } from './net-snmp-session.js';
import { Semaphore } from './semaphore.js';

/**
 * One reused SnmpClient per (device, credential set), plus an overall limit on devices worked on
 * at once, so polling hundreds of devices keeps one socket each and a bounded load.
 */
export class SnmpClientPool {
  readonly #clients = new Map<string, SnmpClient>();
  readonly #overall: Semaphore;

  constructor(
    readonly options: { concurrency: number; tuning?: Partial<ClientTuning>; factory?: SessionFactory } = {
      concurrency: 32,
    },
  ) {
    this.#overall = new Semaphore(options.concurrency);
  }

  /** The session for a device and credential set, opened on first use. */
  client(
    target: { host: string; port: number },
    credential: SnmpCredential,
    tuning: Partial<ClientTuning> = {},
  ) {
    const key = `${target.host}|${target.port}|${credential.name}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new SnmpClient(
        target,
        credential,
        { ...this.options.tuning, ...tuning },
        this.options.factory,
      );
      this.#clients.set(key, client);
    }
    return client;
  }

  /** Runs work on one device within the overall concurrency limit. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return this.#overall.run(task);
  }

  /** Closes and forgets one device's session (after it was replaced or removed from config). */
  drop(target: { host: string; port: number }, credential: SnmpCredential): void {
    const key = `${target.host}|${target.port}|${credential.name}`;
    this.#clients.get(key)?.close();
    this.#clients.delete(key);
  }

  /** Open sessions. */
  get size(): number {
    return this.#clients.size;
  }

  /** Closes every session. */
  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
