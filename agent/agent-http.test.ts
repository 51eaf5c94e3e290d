import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NativeEvent } from '../correlator/model/event.js';
import { createAgentHttp, RELAY_BODY_BYTES } from './agent-http.js';

const TOKEN = 'agent-local-token-0123456789';
const event = {
  source: 'cron',
  resource: 'web-1',
  check: 'backup.status',
  severity: 'major',
  status: 'firing',
};

describe('agent HTTP listener', () => {
  const relayed: NativeEvent[][] = [];
  const server = createAgentHttp({
    registry: new Registry(),
    token: TOKEN,
    relay: (events) => relayed.push(events),
    healthy: () => ({ ok: true, detail: { pendingEvents: 0 } }),
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body,
    });

  it('serves /metrics and /healthz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
  });

  it('relays a valid batch, plain or gzip, after spooling it', async () => {
    relayed.length = 0;
    expect((await post(JSON.stringify({ events: [event, event] }))).status).toBe(202);
    expect((await post(gzipSync(JSON.stringify([event])), { 'content-encoding': 'gzip' })).status).toBe(202);
    expect(relayed.map((b) => b.length)).toEqual([2, 1]);
  });

  it('refuses bad tokens and bad bodies with a code, relaying nothing', async () => {
    relayed.length = 0;
    // Requests run concurrently; each gets its handler at once, because an oversized body can make
    // its fetch reject (the server answers and closes) before the loop below reaches it, and a
    // rejection without a handler by then fails the run as unhandled.
    const settle = (request: Promise<Response>) => request.catch(() => null);
    const cases: Array<[Promise<Response | null>, number, string]> = [
      [
        settle(post(JSON.stringify([event]), { authorization: 'Bearer wrong-token-0123456789xx' })),
        401,
        'VIGIL_ERR_UNAUTHORIZED',
      ],
      [settle(post(JSON.stringify([event]), { authorization: '' })), 401, 'VIGIL_ERR_UNAUTHORIZED'],
      [settle(post('{"events": [', {})), 400, 'VIGIL_ERR_MALFORMED_JSON'],
      [settle(post(JSON.stringify({ events: [] }))), 400, 'VIGIL_ERR_EMPTY_BATCH'],
      [
        settle(post(JSON.stringify({ events: [{ ...event, severity: 'apocalyptic' }] }))),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      [settle(post(JSON.stringify({ events: [{ ...event, extra: 1 }] }))), 400, 'VIGIL_ERR_VALIDATION'],
      [
        settle(post(JSON.stringify({ events: [{ ...event, labels: { a: 1 } }] }))),
        400,
        'VIGIL_ERR_VALIDATION',
      ],
      [
        settle(post(JSON.stringify({ events: Array.from({ length: 5001 }, () => event) }))),
        413,
        'VIGIL_ERR_BATCH_TOO_LARGE',
      ],
      [settle(post('x'.repeat(RELAY_BODY_BYTES + 10))), 413, 'VIGIL_ERR_BODY_TOO_LARGE'],
      [
        settle(post(gzipSync(Buffer.alloc(RELAY_BODY_BYTES * 8, 0x20)), { 'content-encoding': 'gzip' })),
        413,
        'VIGIL_ERR_BODY_TOO_LARGE',
      ],
      [
        settle(post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })),
        400,
        'VIGIL_ERR_BAD_REQUEST',
      ],
      [
        settle(post(JSON.stringify([event]), { 'content-encoding': 'br' })),
        415,
        'VIGIL_ERR_UNSUPPORTED_ENCODING',
      ],
    ];
    for (const [request, status, code] of cases) {
      const res = await request;
      // An oversized plain body may be cut off by the server before the client finishes sending.
      if (res === null && code === 'VIGIL_ERR_BODY_TOO_LARGE') continue;
      expect(res?.status, code).toBe(status);
      expect(((await res!.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(relayed).toEqual([]);
  });

  it('answers unknown routes with 404', async () => {
    expect((await fetch(`${base}/api/v1/incidents`)).status).toBe(404);
  });
});
