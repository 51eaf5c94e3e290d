import { createServer, type Server, Socket } from 'node:net';

/** A TCP relay that can stop relaying without closing anything: a peer that went silent. */
export interface FreezeProxy {
  port: number;
  /** Stops reading and forwarding in both directions; sockets stay open. */
  freeze(): void;
  /** Resumes relaying (for connections opened afterwards as well). */
  thaw(): void;
  /** Bytes relayed from the server to the client so far (all connections). */
  readonly bytesToClient: number;
  close(): Promise<void>;
}

/**
 * Relays `host:listenPort` (free port) to `host:targetPort`. Frozen, it behaves like a server
 * whose process hangs or a link that drops every packet: TCP stays up, nothing answers.
 */
export async function startFreezeProxy(host: string, targetPort: number): Promise<FreezeProxy> {
  let frozen = false;
  let bytesToClient = 0;
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((inbound) => {
    const outbound = new Socket();
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    for (const socket of pair) socket.on('error', () => undefined);
    const drop = () => {
      pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.once('close', drop);
    outbound.once('close', drop);
    outbound.connect(targetPort, host, () => {
      // Plain writes, not pipe(): pipe() resumes a paused source on 'drain'.
      inbound.on('data', (chunk) => outbound.write(chunk));
      outbound.on('data', (chunk: Buffer) => {
        bytesToClient += chunk.length;
        inbound.write(chunk);
      });
      if (frozen) for (const socket of pair) socket.pause();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
      for (const pair of pairs) for (const socket of pair) socket.pause();
    },
    thaw: () => {
      frozen = false;
      for (const pair of pairs) for (const socket of pair) socket.resume();
    },
    get bytesToClient() {
      return bytesToClient;
    },
    close: async () => {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
