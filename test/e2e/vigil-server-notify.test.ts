import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { waitFor } from '../support/child-binary.js';
import { freePortOn, type RedisServer, startRedisServer } from '../support/redis-server.js';
import type { VigilProcess } from '../support/vigil-process.js';
import {
  metricValue,
  sendWithRetries,
  serverApi,
  startVigilServer,
  waitForLease,
  writeReplicaConfig,
} from '../support/vigil-server.js';

/** This test's own loopback addresses: Redis, the webhook receiver, the replicas. */
const REDIS_HOST = '127.92.1.1';
const HOOK_HOST = '127.92.1.2';
const VIGIL_HOST = '127.92.1.3';
const DURABLE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
const PREFIX = 'notify-once';
/** notify.delivery.concurrency of the replicas: the most requests one replica has in flight. */
const CONCURRENCY = 4;
/** The receiver answers each request after this long, so a replica dies with requests in flight. */
const ANSWER_DELAY_MS = 60;

/** One request the webhook got: its Idempotency-Key, transition and arrival order. */
interface Arrival {
  key: string;
  transition: string;
  incident: string;
  index: number;
}

/** A real HTTP webhook receiver that answers 200 after a short delay and keeps every arrival. */
class CountingHook {
  readonly arrivals: Arrival[] = [];
  #server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    const port = await freePortOn(HOOK_HOST);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          transition: string;
          incident: { id: string };
        };
        this.arrivals.push({
          key: String(req.headers['idempotency-key']),
          transition: body.transition,
          incident: body.incident.id,
          index: this.arrivals.length,
        });
        setTimeout(() => res.writeHead(200).end('{}'), ANSWER_DELAY_MS);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, HOOK_HOST, resolve));
    this.#server = server;
    this.url = `http://${HOOK_HOST}:${port}/hook`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Requests per Idempotency-Key. */
  byKey(): Map<string, Arrival[]> {
    const out = new Map<string, Arrival[]>();
    for (const a of this.arrivals) out.set(a.key, [...(out.get(a.key) ?? []), a]);
    return out;
  }
}

/** One batch opening `count` incidents on resources of its own. */
const opening = (phase: string, batch: number, count: number) =>
  JSON.stringify({
    events: Array.from({ length: count }, (_, i) => ({
      id: `${phase}-${batch}-${i}`,
      source: 'e2e',
      resource: `${phase}-host-${batch}-${i}`,
      check: 'disk.full',
      severity: 'critical',
      status: 'firing',
      summary: `${phase} ${batch} ${i}`,
    })),
  });
const phase = (name: string, batches: number) =>
  Array.from({ length: batches }, (_, b) => opening(name, b, 5));

describe('vigil server: notifications go out once across replicas (real redis-server, real replicas, real webhook)', () => {
  let dir: string;
  let redis: RedisServer;
  const hook = new CountingHook();
  const replicas: VigilProcess[] = [];
  let store: RedisStore | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-notify-once-'));
    mkdirSync(join(dir, 'redis-data'));
    redis = await startRedisServer(DURABLE, { dir: join(dir, 'redis-data'), host: REDIS_HOST });
    await hook.start();
  });
  afterAll(async () => {
    for (const replica of replicas) {
      if (replica.child.signalCode === 'SIGSTOP') process.kill(replica.child.pid!, 'SIGCONT');
      await replica.kill('SIGKILL');
    }
    await store?.close();
    await hook.stop();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGSTOP, then SIGKILL, of the replica sending under load: every transition delivered, none twice outside the in-flight window', async () => {
    const config = writeReplicaConfig(join(dir, 'replica.yaml'), {
      url: redis.url,
      prefix: PREFIX,
      streamBatch: 50,
      extra: `notify:
  receivers:
    - { name: ops, kind: webhook, url: "${hook.url}", timeout: 5s }
  routes:
    - { name: everything, receivers: [ops] }
  delivery: { initialBackoff: 500ms, maxBackoff: 1s, concurrency: ${CONCURRENCY} }
`,
    });
    const start = async () => {
      const replica = await startVigilServer(dir, config, await freePortOn(VIGIL_HOST), VIGIL_HOST);
      replicas.push(replica);
      return replica;
    };
    const outputs = () => replicas.map((r, i) => `--- replica ${i}\n${r.output().slice(-3000)}`).join('\n');
    const send = (bases: string[], bodies: string[]) =>
      sendWithRetries(() => bases, bodies, {
        path: '/api/v1/events',
        concurrency: 2,
        deadline: Date.now() + 20_000,
      });
    const arrivals = (n: number, what: string) =>
      waitFor(what, async () => (hook.arrivals.length >= n ? true : undefined), 20_000, outputs, 20);

    const a = await start();
    await waitForLease(a, 'A takes the lease', outputs);
    const b = await start();

    // Phase 1: A sends (events go in through B, so no client waits on A once it is frozen).
    // Freeze A while it is sending: requests in flight, claims held.
    const one = send([b.base], phase('one', 8));
    await arrivals(12, 'A sending');
    process.kill(a.child.pid!, 'SIGSTOP');
    await one;
    // Phase 2: B takes the lease over (A's claims are still live: B leaves those alone) and sends.
    const two = send([b.base], phase('two', 6));
    await waitForLease(b, 'B takes the lease', outputs);
    await two;
    await new Promise((r) => setTimeout(r, 500));
    // A wakes up after ~3 s, before its 5 s request timeout: it must notice the lost lease.
    process.kill(a.child.pid!, 'SIGCONT');
    await waitForLease(a, 'A sees the lease lost', outputs, { held: false });

    // Phase 3: B sends; kill it mid-send. Its unrecorded requests are the only ones A may repeat.
    const before = hook.arrivals.length;
    const three = send([a.base, b.base], phase('three', 8));
    await arrivals(before + 10, 'B sending');
    await b.kill('SIGKILL');
    const killedAt = hook.arrivals.length;
    await three;

    // Phase 4: A alone takes the lease again; operators acknowledge and resolve some incidents.
    const four = send([a.base], phase('four', 4));
    const incidents = (await serverApi(a.base, '/api/v1/incidents?limit=10')).body.items as Array<{
      id: string;
    }>;
    for (const [i, incident] of incidents.entries()) {
      const action = i % 2 ? 'acknowledge' : 'resolve';
      const done = await serverApi(a.base, `/api/v1/incidents/${incident.id}/${action}`, {
        method: 'POST',
        body: '{}',
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    await four;

    // Every notification the store holds is delivered; the webhook got each of them.
    store = new RedisStore({ url: redis.url, prefix: PREFIX });
    const all = await waitFor(
      'every notification delivered',
      async () => {
        const items = (await store!.listNotifications({ limit: 1000 })).items;
        const count = (await store!.listIncidents({ limit: 1000 })).items.length;
        return count === 130 && items.length === 140 && items.every((n) => n.state === 'delivered')
          ? items
          : undefined;
      },
      40_000,
      outputs,
      250,
    );
    const byKey = hook.byKey();
    expect(new Set(byKey.keys())).toEqual(new Set(all.map((n) => n.id)));
    expect(all.filter((n) => n.transition === 'opened')).toHaveLength(130);
    // Twice only what B had sent and not recorded when it died: at most its concurrency, each
    // first sent just before the kill (in flight), and repeated once.
    const twice = [...byKey.values()].filter((list) => list.length > 1);
    expect(twice.length, JSON.stringify(twice)).toBeLessThanOrEqual(CONCURRENCY);
    for (const list of twice) {
      expect(list).toHaveLength(2);
      expect(list[0]!.index).toBeGreaterThanOrEqual(killedAt - CONCURRENCY);
      expect(list[0]!.index).toBeLessThan(killedAt + CONCURRENCY);
    }
    // A receiver hears an incident's transitions in order.
    for (const incident of incidents) {
      const heard = hook.arrivals.filter((x) => x.incident === incident.id).map((x) => x.transition);
      expect(heard[0]).toBe('opened');
      expect(new Set(heard)).toEqual(new Set(['opened', heard.at(-1)]));
    }
    expect(await metricValue(a.base, 'vigil_lease_fencing_token')).toBe(3);
  }, 60_000);
});
