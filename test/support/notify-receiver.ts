import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How the receiver answers one request: a status, no answer at all (`hang`), or a dropped connection. */
export type Answer = number | 'hang' | 'reset';

/** One request the receiver got, with what it answered (null: never answered). */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  answered: number | null;
}

/**
 * A real HTTP receiver for notification tests (node:http on a free loopback port). Answers follow
 * `script` in order, then `fallback`; it can be stopped and started again on the same port so
 * senders meet a refused connection in between.
 */
export class NotifyReceiver {
  readonly received: Received[] = [];
  script: Answer[] = [];
  fallback: Answer = 200;
  port = 0;
  #server: Server | null = null;
  readonly #sockets = new Set<Socket>();
  readonly #hanging = new Set<ServerResponse>();

  /** Listens on `port` (0: a free one). */
  async start(port = this.port): Promise<void> {
    const server = createServer((req, res) => this.#handle(req, res));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.#server = server;
  }

  /** Stops listening and drops every open connection (hanging requests included). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    for (const socket of this.#sockets) socket.destroy();
    this.#hanging.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Requests answered 2xx, by their Idempotency-Key header. */
  deliveredByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) {
      if (r.answered === null || r.answered < 200 || r.answered >= 300) continue;
      const key = String(r.headers['idempotency-key']);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      const record: Received = { path: req.url ?? '', headers: req.headers, body, answered: null };
      this.received.push(record);
      const answer = this.script.length > 0 ? this.script.shift()! : this.fallback;
      if (answer === 'hang') {
        this.#hanging.add(res);
        return;
      }
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      record.answered = answer;
      res.writeHead(answer, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: answer < 300 ? 'success' : 'error' }));
    });
  }
}
