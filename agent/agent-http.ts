import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Registry } from 'prom-client';
import { Compile } from 'typebox/compile';
import { EventBatchSchema } from '../correlator/api/schemas/event-schema.js';
import type { NativeEvent } from '../correlator/model/event.js';

/** Largest body the local relay accepts (compressed or not, after decompression). */
export const RELAY_BODY_BYTES = 1024 * 1024;
/** Most events per relayed request. */
export const RELAY_MAX_EVENTS = 5000;

const checkBatch = Compile(EventBatchSchema);

/** What the agent's HTTP listener serves from. */
export interface AgentHttpDeps {
  registry: Registry;
  token: string;
  /** Spools relayed events (durably); the 202 is sent after it returns. */
  relay(events: NativeEvent[]): void;
  healthy(): { ok: boolean; detail: Record<string, unknown> };
}

/**
 * The agent's own listener: `GET /metrics` (its registry), `GET /healthz`, and `POST
 * /api/v1/events`, a local relay so scripts on the host can send events through the agent's
 * spool (the same body as the correlator's route; needs the agent token; 202 once spooled).
 */
export function createAgentHttp(deps: AgentHttpDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      send(res, 500, { error: { code: 'VIGIL_ERR_INTERNAL', message: (error as Error).message } });
    });
  });
}

async function handle(deps: AgentHttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'content-type': deps.registry.contentType });
    res.end(await deps.registry.metrics());
    return;
  }
  if (req.method === 'GET' && path === '/healthz') {
    const health = deps.healthy();
    send(res, health.ok ? 200 : 503, { status: health.ok ? 'ok' : 'degraded', ...health.detail });
    return;
  }
  if (req.method === 'POST' && path === '/api/v1/events') {
    if (!authorized(req.headers.authorization, deps.token)) {
      req.resume();
      send(
        res,
        401,
        error(
          'VIGIL_ERR_UNAUTHORIZED',
          'A valid bearer token is required: send "Authorization: Bearer <token>".',
        ),
      );
      return;
    }
    const body = await readBody(req);
    if ('error' in body) {
      send(res, body.status, error(body.code, body.error));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch (e) {
      send(
        res,
        400,
        error(
          'VIGIL_ERR_MALFORMED_JSON',
          `The request body is not valid JSON (${(e as Error).message.slice(0, 200)}).`,
        ),
      );
      return;
    }
    if (Array.isArray(parsed)) parsed = { events: parsed };
    if (!checkBatch.Check(parsed)) {
      const first = [...checkBatch.Errors(parsed)][0];
      send(
        res,
        400,
        error(
          'VIGIL_ERR_VALIDATION',
          `The request body does not match the schema: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}.`,
        ),
      );
      return;
    }
    const { events } = parsed as { events: NativeEvent[] };
    if (events.length === 0) {
      send(res, 400, error('VIGIL_ERR_EMPTY_BATCH', 'The batch holds no events; send at least one.'));
      return;
    }
    if (events.length > RELAY_MAX_EVENTS) {
      send(
        res,
        413,
        error(
          'VIGIL_ERR_BATCH_TOO_LARGE',
          `The batch holds ${events.length} events, more than the limit of ${RELAY_MAX_EVENTS}.`,
        ),
      );
      return;
    }
    deps.relay(events);
    send(res, 202, { spooled: events.length });
    return;
  }
  send(res, 404, error('VIGIL_ERR_ROUTE_NOT_FOUND', `No route ${req.method} ${(path ?? '').slice(0, 200)}.`));
}

function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

async function readBody(
  req: IncomingMessage,
): Promise<{ text: string } | { error: string; status: number; code: string }> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    req.resume();
    return {
      status: 415,
      code: 'VIGIL_ERR_UNSUPPORTED_ENCODING',
      error: `Content-Encoding ${encoding.slice(0, 64)} is not supported; send gzip or identity.`,
    };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > RELAY_BODY_BYTES) {
      req.destroy();
      return {
        status: 413,
        code: 'VIGIL_ERR_BODY_TOO_LARGE',
        error: `The request body is larger than the limit of ${RELAY_BODY_BYTES} bytes.`,
      };
    }
    chunks.push(chunk as Buffer);
  }
  let raw = Buffer.concat(chunks);
  if (encoding === 'gzip') {
    try {
      raw = gunzipSync(raw, { maxOutputLength: RELAY_BODY_BYTES });
    } catch (e) {
      const tooLarge = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return tooLarge
        ? {
            status: 413,
            code: 'VIGIL_ERR_BODY_TOO_LARGE',
            error: `The request body is larger than the limit of ${RELAY_BODY_BYTES} bytes.`,
          }
        : {
            status: 400,
            code: 'VIGIL_ERR_BAD_REQUEST',
            error: 'The request is invalid: the gzip body is corrupt.',
          };
    }
  }
  return { text: raw.toString('utf8') };
}

const error = (code: string, message: string) => ({ error: { code, message } });

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
