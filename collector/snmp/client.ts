import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { SnmpCredential } from './credential.js';
import { errorStatus, snmpError } from './errors.js';
import { netSnmpSession, type RawSession, type SessionFactory } from './net-snmp-session.js';
import { Semaphore } from './semaphore.js';
import { normaliseVarbind, type Varbind } from './varbind.js';

/** Tunables of one device's session (config `snmp.targets[]` with defaults). */
export interface ClientTuning {
  timeoutMs: number;
  retries: number;
  /** GETBULK max-repetitions for walks; halved automatically when the agent answers tooBig. */
  maxRepetitions: number;
  /** Requests in flight to this one device at once. */
  concurrency: number;
  /** A walk that returns more varbinds than this is cut off (an agent looping or a huge MIB). */
  maxVarbinds: number;
}

/** Defaults that match the net-snmp measurements in LIBRARIES.md. */
export const DEFAULT_TUNING: ClientTuning = {
  timeoutMs: 2000,
  retries: 1,
  maxRepetitions: 25,
  concurrency: 2,
  maxVarbinds: 200_000,
};

const TOO_BIG = 1;
const EXCEPTION_TYPES = new Set([128, 129, 130]);

/** Whether `b` is lexicographically after `a` as OIDs (a walk must always move forward). */
function oidAfter(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d < 0;
  }
  return y.length > x.length;
}

/**
 * One reused SNMP session to one device with one credential set: GET and bulk walks that stay
 * inside their base OID (like CLI `snmpbulkwalk`, not net-snmp's `walk`), adaptive
 * max-repetitions on tooBig, a per-device concurrency limit, and errors with VIGIL_ERR codes.
 */
export class SnmpClient {
  readonly host: string;
  readonly port: number;
  readonly credential: SnmpCredential;
  readonly tuning: ClientTuning;
  readonly #session: RawSession;
  readonly #limit: Semaphore;
  #maxRepetitions: number;
  #closed = false;

  constructor(
    target: { host: string; port: number },
    credential: SnmpCredential,
    tuning: Partial<ClientTuning> = {},
    factory: SessionFactory = netSnmpSession,
  ) {
    this.host = target.host;
    this.port = target.port;
    this.credential = credential;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.#maxRepetitions = this.tuning.maxRepetitions;
    this.#limit = new Semaphore(this.tuning.concurrency);
    this.#session = factory(
      { host: this.host, port: this.port, timeoutMs: this.tuning.timeoutMs, retries: this.tuning.retries },
      credential,
    );
    // A socket error must never become an unhandled 'error' event that kills the process.
    this.#session.on?.('error', () => {});
  }

  /** The max-repetitions currently in use (lower than configured after a tooBig). */
  get maxRepetitions(): number {
    return this.#maxRepetitions;
  }

  /**
   * GETs scalar OIDs. Each OID maps to its varbind, or null when the agent has no such
   * object/instance (that is an answer, not an error).
   */
  get(oids: readonly string[]): Promise<Map<string, Varbind | null>> {
    return this.#limit.run(async () => {
      const raw = await this.#call<unknown[]>((cb) => this.#session.get([...oids], cb));
      const out = new Map<string, Varbind | null>();
      oids.forEach((oid, i) => {
        const vb = raw[i] as { oid: string; type?: number } | undefined;
        out.set(oid, vb && !EXCEPTION_TYPES.has(vb.type ?? -1) ? normaliseVarbind(vb) : null);
      });
      return out;
    });
  }

  /**
   * Walks everything under `base` (exclusive), in order. Uses GETBULK for v2c/v3 and GETNEXT for
   * v1; on tooBig it halves max-repetitions and resumes where it was. Stops at the end of the
   * subtree, at endOfMibView, or when the agent stops moving forward.
   */
  walk(base: string): Promise<Varbind[]> {
    return this.#limit.run(async () => {
      const out: Varbind[] = [];
      const prefix = `${base}.`;
      let cursor = base;
      for (;;) {
        const batch = await this.#next(cursor);
        if (batch.length === 0) return out;
        for (const raw of batch as Array<{ oid: string; type?: number }>) {
          if (!raw.oid.startsWith(prefix) || EXCEPTION_TYPES.has(raw.type ?? -1)) return out;
          if (!oidAfter(cursor, raw.oid)) return out;
          cursor = raw.oid;
          const vb = normaliseVarbind(raw);
          if (vb) out.push(vb);
          if (out.length > this.tuning.maxVarbinds) {
            throw new VigilError('VIGIL_ERR_SNMP_WALK_LIMIT', {
              target: `${this.host}:${this.port}`,
              base,
              limit: this.tuning.maxVarbinds,
            });
          }
        }
      }
    });
  }

  async #next(cursor: string): Promise<unknown[]> {
    if (this.credential.version === '1') {
      return this.#call<unknown[]>((cb) => this.#session.getNext([cursor], cb));
    }
    for (;;) {
      try {
        const rows = await this.#call<unknown[][]>((cb) =>
          this.#session.getBulk([cursor], 0, this.#maxRepetitions, cb as never),
        );
        return rows[0] ?? [];
      } catch (error) {
        if (errorStatus(error) === TOO_BIG && this.#maxRepetitions > 1) {
          this.#maxRepetitions = Math.max(1, Math.floor(this.#maxRepetitions / 2));
          continue;
        }
        throw this.#wrap(error);
      }
    }
  }

  #call<T>(start: (cb: (error: Error | null, value?: unknown) => void) => unknown): Promise<T> {
    if (this.#closed) {
      return Promise.reject(
        new VigilError('VIGIL_ERR_SNMP_REQUEST', {
          target: `${this.host}:${this.port}`,
          reason: 'the session is closed',
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      try {
        start((error, value) => {
          if (error) reject(error);
          else resolve((value ?? []) as T);
        });
      } catch (error) {
        reject(error);
      }
    }).catch((error: unknown) => {
      // tooBig must reach #next as is so it can retry with fewer repetitions.
      if (errorStatus(error) === TOO_BIG) throw error;
      throw this.#wrap(error);
    });
  }

  #wrap(error: unknown): VigilError {
    return snmpError(error, {
      host: this.host,
      port: this.port,
      timeoutMs: this.tuning.timeoutMs,
      retries: this.tuning.retries,
      v3: this.credential.version === '3',
    });
  }

  /** Closes the UDP socket; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#session.close();
    } catch {
      // already closed by net-snmp after a socket error
    }
  }
}
