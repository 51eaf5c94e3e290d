import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { SnmpCredential } from './credential.js';
import { errorStatus, snmpError } from './errors.js';
import { netSnmpSession, type RawSession, type SessionFactory } from './net-snmp-session.js';
import { Semaphore } from './semaphore.js';
import { chooseTransport, type HostLookup } from './snmp-transport.js';
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

/**
 * Whether `b` is after `a` in OID order (a walk must always move forward). Compares the numeric
 * arcs in place, without splitting: it runs once per varbind of every walk, so it is on the hot
 * path (splitting both strings was about a tenth of a full walk's CPU).
 */
export function oidAfter(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  while (i < la && j < lb) {
    let x = 0;
    for (let c = a.charCodeAt(i); i < la && c !== 46; c = a.charCodeAt(++i)) x = x * 10 + (c - 48);
    let y = 0;
    for (let c = b.charCodeAt(j); j < lb && c !== 46; c = b.charCodeAt(++j)) y = y * 10 + (c - 48);
    if (x !== y) return y > x;
    i++;
    j++;
  }
  return i >= la && j < lb;
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
  /** Opened once the UDP family is known (a host name is looked up first). */
  #session: Promise<RawSession>;
  readonly #open: () => Promise<RawSession>;
  /** The host name did not resolve when the session opened: after a failed request, the next one reopens it. */
  #undecided = false;
  #reopenNext = false;
  readonly #limit: Semaphore;
  #maxRepetitions: number;
  /** Repetitions of multi-column requests; halved on their own tooBig answers. */
  #tableRepetitions: number;
  #closed = false;

  constructor(
    target: { host: string; port: number },
    credential: SnmpCredential,
    tuning: Partial<ClientTuning> = {},
    factory: SessionFactory = netSnmpSession,
    lookup?: HostLookup,
  ) {
    this.host = target.host;
    this.port = target.port;
    this.credential = credential;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.#maxRepetitions = this.tuning.maxRepetitions;
    this.#tableRepetitions = this.tuning.maxRepetitions;
    this.#limit = new Semaphore(this.tuning.concurrency);
    this.#open = () =>
      chooseTransport(this.host, lookup).then((transport) => {
        this.#undecided = transport === null;
        const session = factory(
          {
            host: this.host,
            port: this.port,
            timeoutMs: this.tuning.timeoutMs,
            retries: this.tuning.retries,
            transport: transport ?? 'udp4',
            ...(lookup ? { lookup } : {}),
          },
          credential,
        );
        // A socket error must never become an unhandled 'error' event that kills the process.
        session.on?.('error', () => {});
        if (this.#closed) closeQuietly(session);
        return session;
      });
    this.#session = this.#open();
    // A factory that throws fails each request with its error; the promise alone must not be unhandled.
    this.#session.catch(() => {});
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
      const raw = await this.#call<unknown[]>((session, cb) => session.get([...oids], cb));
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

  /**
   * Walks several table columns side by side: each GETBULK asks for the next rows of every
   * column still open (like `snmptable`), so a table of C polled columns and R rows takes about
   * R / max-repetitions round trips instead of C * R / max-repetitions. Falls back to one walk
   * per column for v1. A column ends where the agent leaves it; answers the agent shortened
   * (fewer repetitions than asked, as snmpd does to fit its message size) just continue. On
   * tooBig the repetitions of these requests are halved. Varbinds come column by column.
   */
  walkColumns(columns: readonly string[]): Promise<Varbind[]> {
    if (this.credential.version === '1') {
      return (async () => {
        const out: Varbind[] = [];
        for (const column of columns) out.push(...(await this.walk(column)));
        return out;
      })();
    }
    return this.#limit.run(async () => {
      const open = columns.map((base) => ({
        base,
        prefix: `${base}.`,
        cursor: base,
        found: [] as Varbind[],
      }));
      let total = 0;
      let active = open;
      while (active.length > 0) {
        const rows = await this.#bulk(active.map((c) => c.cursor));
        const still: typeof active = [];
        active.forEach((column, i) => {
          const got = (rows[i] ?? []) as Array<{ oid: string; type?: number }>;
          let ended = got.length === 0;
          for (const raw of got) {
            if (!raw.oid.startsWith(column.prefix) || EXCEPTION_TYPES.has(raw.type ?? -1)) {
              ended = true;
              break;
            }
            if (!oidAfter(column.cursor, raw.oid)) {
              ended = true;
              break;
            }
            column.cursor = raw.oid;
            const vb = normaliseVarbind(raw);
            if (vb) column.found.push(vb);
          }
          total += got.length;
          if (!ended) still.push(column);
        });
        if (total > this.tuning.maxVarbinds) {
          throw new VigilError('VIGIL_ERR_SNMP_WALK_LIMIT', {
            target: `${this.host}:${this.port}`,
            base: columns[0] ?? '',
            limit: this.tuning.maxVarbinds,
          });
        }
        active = still;
      }
      return open.flatMap((c) => c.found);
    });
  }

  async #bulk(cursors: string[]): Promise<unknown[][]> {
    for (;;) {
      try {
        return await this.#call<unknown[][]>((session, cb) =>
          session.getBulk(cursors, 0, this.#tableRepetitions, cb as never),
        );
      } catch (error) {
        if (errorStatus(error) === TOO_BIG && this.#tableRepetitions > 1) {
          this.#tableRepetitions = Math.max(1, Math.floor(this.#tableRepetitions / 2));
          continue;
        }
        throw this.#wrap(error);
      }
    }
  }

  async #next(cursor: string): Promise<unknown[]> {
    if (this.credential.version === '1') {
      return this.#call<unknown[]>((session, cb) => session.getNext([cursor], cb));
    }
    for (;;) {
      try {
        const rows = await this.#call<unknown[][]>((session, cb) =>
          session.getBulk([cursor], 0, this.#maxRepetitions, cb as never),
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

  async #call<T>(
    start: (session: RawSession, cb: (error: Error | null, value?: unknown) => void) => unknown,
  ): Promise<T> {
    if (this.#closed) {
      throw new VigilError('VIGIL_ERR_SNMP_REQUEST', {
        target: `${this.host}:${this.port}`,
        reason: 'the session is closed',
      });
    }
    if (this.#reopenNext) this.#reopen();
    return new Promise<T>((resolve, reject) => {
      this.#session
        .then((session) => {
          start(session, (error, value) => {
            if (error) reject(error);
            else resolve((value ?? []) as T);
          });
        })
        .catch(reject);
    }).catch((error: unknown) => {
      // tooBig must reach #next as is so it can retry with fewer repetitions.
      if (errorStatus(error) === TOO_BIG) throw error;
      if (this.#undecided) this.#reopenNext = true;
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
  /** Replaces a session opened before its host name resolved, so the next request decides again. */
  #reopen(): void {
    this.#undecided = false;
    this.#reopenNext = false;
    const old = this.#session;
    this.#session = this.#open();
    this.#session.catch(() => {});
    old.then(closeQuietly, () => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.then(closeQuietly, () => {});
  }
}

/** Closes a session that net-snmp may already have closed after a socket error. */
function closeQuietly(session: RawSession): void {
  try {
    session.close();
  } catch {
    // already closed
  }
}
