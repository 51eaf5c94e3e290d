import { gzipSync } from 'node:zlib';

/** How one delivery ended, as the shipper needs to know it. */
export type Delivery =
  | { outcome: 'ok'; status: number }
  /** Unreachable, timed out, 5xx, 408 or 429: try again later, unchanged. */
  | { outcome: 'retry'; status: number | null; reason: string }
  /** 401 or 403: the token is wrong; retrying soon will not help. */
  | { outcome: 'auth'; status: number }
  /** Any other 4xx: the correlator will never accept this body. */
  | { outcome: 'rejected'; status: number; reason: string };

/** Sends one JSON body to a correlator route. */
export interface Transport {
  post(path: string, body: unknown): Promise<Delivery>;
}

/** Options of the HTTP transport (config `agent`). */
export interface HttpTransportOptions {
  url: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * POSTs gzip-compressed JSON with the agent token and classifies the answer. Never throws: a
 * network failure is a `retry`, so the caller has one decision table.
 */
export class HttpTransport implements Transport {
  readonly #o: HttpTransportOptions;
  readonly #base: string;

  constructor(options: HttpTransportOptions) {
    this.#o = options;
    this.#base = options.url.replace(/\/+$/, '');
  }

  async post(path: string, body: unknown): Promise<Delivery> {
    const doFetch = this.#o.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(`${this.#base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          authorization: `Bearer ${this.#o.token}`,
        },
        body: gzipSync(JSON.stringify(body)),
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { outcome: 'retry', status: null, reason: cause ?? (error as Error).name ?? 'network error' };
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { outcome: 'ok', status: res.status };
    if (res.status === 401 || res.status === 403) return { outcome: 'auth', status: res.status };
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      return { outcome: 'retry', status: res.status, reason: `HTTP ${res.status}` };
    }
    return { outcome: 'rejected', status: res.status, reason: errorCode(text) ?? `HTTP ${res.status}` };
  }
}

function errorCode(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    return typeof code === 'string' ? `${code}: ${String(message ?? '').slice(0, 300)}` : null;
  } catch {
    return null;
  }
}
