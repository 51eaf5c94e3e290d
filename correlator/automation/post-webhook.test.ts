import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from './post-webhook.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const bounds = { timeoutMs: 500, maxOutputBytes: 64 };

describe('postWebhook (real local HTTP server)', () => {
  it('gives up on a receiver that never answers, as a timeout', async () => {
    const url = await serve(() => undefined);
    const result = await postWebhook(url, {}, {}, bounds);
    expect(result).toMatchObject({ ok: false, timedOut: true, error: 'timed out after 500 ms' });
  });

  it('keeps at most maxOutputBytes of a huge answer', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(100_000));
    });
    const result = await postWebhook(url, {}, { a: 1 }, bounds);
    expect(result).toMatchObject({ ok: true, httpStatus: 200, truncated: true });
    expect(result.stdout).toHaveLength(64);
  });

  it('does not follow redirects: the allow-listed URL is the only destination', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    expect(await postWebhook(url, {}, {}, bounds)).toMatchObject({ ok: false, httpStatus: 302 });
  });

  it('reports a refused connection without throwing', async () => {
    const url = await serve(() => undefined);
    server!.close();
    await new Promise((r) => setTimeout(r, 50));
    const result = await postWebhook(url, {}, {}, bounds);
    expect(result.ok).toBe(false);
    expect(result.error).toContain('cannot reach the webhook');
  });
});
