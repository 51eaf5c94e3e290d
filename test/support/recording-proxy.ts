import { createServer, request, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** An HTTP pass-through between an agent and a correlator that notes the event ids it carries. */
export interface RecordingProxy {
  url: string;
  /** Every event id seen in a `POST /api/v1/events` body, in first-seen order. */
  ids: string[];
  /** Requests that reached the correlator and got an answer, and ones that found it down. */
  forwarded: number;
  refused: number;
  close(): Promise<void>;
}

/**
 * Starts a pass-through on 127.0.0.1 in front of `upstream` (`http://host:port`). It forwards
 * every request as is; while the correlator is down it drops the client connection without an
 * answer, as a dead host would. The agent's gzip JSON bodies are read to record the event ids,
 * which is how a test learns the ids the agent generated without changing the agent.
 */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const seen = new Set<string>();
  const state: RecordingProxy = {
    url: '',
    ids: [],
    forwarded: 0,
    refused: 0,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url === '/api/v1/events') {
        const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
        const parsed = JSON.parse(text.toString('utf8')) as { events: Array<{ id?: string }> };
        for (const e of parsed.events)
          if (e.id && !seen.has(e.id)) {
            seen.add(e.id);
            state.ids.push(e.id);
          }
      }
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          state.forwarded++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => {
        state.refused++;
        res.destroy();
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
