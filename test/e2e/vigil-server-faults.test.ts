import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { waitFor } from '../support/child-binary.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { STREAM_TEST_HOST } from '../support/stream-fixture.js';
import { freePort, type VigilProcess } from '../support/vigil-process.js';
import {
  metricValue,
  SERVER_ADMIN_TOKEN,
  sendWithRetries,
  serverApi,
  startVigilServer,
  waitForLease,
  writeReplicaConfig,
} from '../support/vigil-server.js';

/** Zero-loss Redis settings of docs/redis.md: every write fsynced before Redis replies. */
const DURABLE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
const RESOURCES = 20;

/** A replica config with short claim and lease times, so the faults resolve within seconds. */
const writeConfig = (dir: string, url: string, prefix: string, extra = ''): string =>
  writeReplicaConfig(join(dir, `${prefix}.yaml`), { url, prefix, streamBatch: 100, extra });

/** Batches of events with unique ids over RESOURCES fingerprints; a retry resends the same ids. */
function batches(run: string, count: number, size: number): string[] {
  return Array.from({ length: count }, (_, b) =>
    JSON.stringify({
      events: Array.from({ length: size }, (_, i) => ({
        id: `${run}-${b}-${i}`,
        source: 'e2e',
        resource: `db-${(b * size + i) % RESOURCES}`,
        check: 'filesystem.used_percent',
        severity: 'critical',
        status: 'firing',
        summary: `batch ${b} event ${i}`,
      })),
    }),
  );
}

/** Waits until the stored occurrences add up to `expected` and nothing is pending, then reads again. */
async function settled(
  store: RedisStore,
  redis: Redis,
  stream: string,
  expected: number,
  explain: () => string,
) {
  await waitFor(
    `${expected} events processed`,
    async () => {
      const alerts = (await store.listAlerts({ limit: 100 })).items;
      const total = alerts.reduce((sum, a) => sum + a.count, 0);
      const [pending] = (await redis.xpending(stream, 'vigil-servers')) as [number];
      return total >= expected && pending === 0 ? true : undefined;
    },
    40_000,
    explain,
    250,
  );
  return (await store.listAlerts({ limit: 100 })).items;
}

describe('vigil server replicas under faults (real redis-server with appendonly, real vigil server processes)', () => {
  let dir: string;
  let redis: RedisServer;
  const replicas: VigilProcess[] = [];
  const clients: Array<{ close(): Promise<unknown> }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-server-'));
    mkdirSync(join(dir, 'redis-data'));
    redis = await startRedisServer(DURABLE, { dir: join(dir, 'redis-data'), host: STREAM_TEST_HOST });
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.kill('SIGKILL');
    for (const client of clients) await client.close();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (config: string) => {
    const replica = await startVigilServer(dir, config, await freePort());
    replicas.push(replica);
    return replica;
  };
  const direct = (prefix: string) => {
    const store = new RedisStore({ url: redis.url, prefix });
    const raw = new Redis(redis.url);
    raw.on('error', () => {});
    clients.push(store, { close: async () => raw.disconnect() });
    return { store, raw, stream: `{${prefix}}:ingest:stream` };
  };
  const outputs = () => replicas.map((r, i) => `--- replica ${i}\n${r.output().slice(-4000)}`).join('\n');

  it('refuses to start without the Redis store, without tokens, or with collection sections, naming the fix', async () => {
    const config = join(dir, 'sqlite.yaml');
    writeFileSync(
      config,
      `server:\n  tokens:\n    - { name: admin, role: admin, token: "${SERVER_ADMIN_TOKEN}" }\n`,
    );
    const error = await startVigilServer(dir, config, await freePort()).catch((e: Error) => e);
    expect(String(error)).toContain('VIGIL_ERR_SERVER_NEEDS_REDIS');
    expect(String(error)).toContain('needs store.kind: redis');
    const noTokens = join(dir, 'no-tokens.yaml');
    writeFileSync(noTokens, `store: { kind: redis, url: "${redis.url}", keyPrefix: refused }\n`);
    const refused = await startVigilServer(dir, noTokens, await freePort()).catch((e: Error) => e);
    expect(String(refused)).toContain('VIGIL_ERR_SERVER_SECTION_UNSUPPORTED');
    expect(String(refused)).toContain('Section server.tokens');
    const snmp = join(dir, 'snmp.yaml');
    writeFileSync(
      snmp,
      `server:\n  tokens:\n    - { name: admin, role: admin, token: "${SERVER_ADMIN_TOKEN}" }\nstore: { kind: redis, url: "${redis.url}", keyPrefix: refused }\nsnmp:\n  credentials: [{ name: lab, version: 2c, community: public }]\n  targets: [{ host: 127.7.0.9, credential: lab }]\n`,
    );
    const collecting = await startVigilServer(dir, snmp, await freePort()).catch((e: Error) => e);
    expect(String(collecting)).toContain('Section snmp');
    expect(String(collecting)).toContain('`vigil agent`');
  });

  it('SIGKILL of a replica mid-load: every acknowledged event counted exactly once, one incident per alert', async () => {
    const prefix = 'kill';
    const config = writeConfig(dir, redis.url, prefix);
    const a = await start(config);
    const b = await start(config);
    let live = [a.base, b.base];
    const bodies = batches(prefix, 80, 25);
    const { store, raw, stream } = direct(prefix);
    let acked = 0;
    let killed = false;
    let pendingOfKilled = 0;
    const pendingOf = async (pid: number) => {
      const summary = (await raw.xpending(stream, 'vigil-servers')) as [
        number,
        unknown,
        unknown,
        Array<[string, string]> | null,
      ];
      const mine = (summary[3] ?? []).find(([name]) => name.includes(`:${pid}:`));
      return mine ? Number(mine[1]) : 0;
    };
    // Kill A while it holds entries it read but did not acknowledge (its consumer name has its pid).
    // A is frozen (SIGSTOP) before its pending count is read, so it cannot acknowledge between the
    // reading and the kill; an acknowledgement already on the wire is settled by reading again
    // after the kill. That second count is what B must claim.
    const killer = (async () => {
      while (!killed && acked < bodies.length) {
        if (acked >= 20) {
          process.kill(a.child.pid!, 'SIGSTOP');
          if ((await pendingOf(a.child.pid!)) > 0) {
            live = [b.base];
            await a.kill('SIGKILL');
            await new Promise((r) => setTimeout(r, 100));
            killed = true;
            pendingOfKilled = await pendingOf(a.child.pid!);
            break;
          }
          process.kill(a.child.pid!, 'SIGCONT');
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const sent = await sendWithRetries(() => live, bodies, {
      path: '/api/v1/events',
      concurrency: 4,
      deadline: Date.now() + 60_000,
      onAck: (n) => {
        acked = n;
      },
    });
    await killer;
    expect(killed).toBe(true);
    expect(sent.acked).toBe(80);
    const alerts = await settled(store, raw, stream, 80 * 25, outputs);
    // B claimed what A left pending (XAUTOCLAIM after claimIdle) and ran it again to no effect.
    expect(await metricValue(b.base, 'vigil_stream_claimed_entries_total')).toBeGreaterThanOrEqual(
      pendingOfKilled,
    );
    expect(alerts).toHaveLength(RESOURCES);
    for (const alert of alerts) expect(alert.count).toBe((80 * 25) / RESOURCES);
    expect(await store.countEvents()).toBe(80 * 25);
    const incidents = await serverApi(b.base, '/api/v1/incidents?limit=100');
    expect(incidents.body.items).toHaveLength(RESOURCES);
    expect(new Set(incidents.body.items.map((i: { title: string }) => i.title)).size).toBe(RESOURCES);
    await b.kill('SIGTERM');
  }, 120_000);

  it('restart of Redis under load: no acknowledged event lost, none counted twice (clients retry)', async () => {
    const prefix = 'restart';
    const config = writeConfig(dir, redis.url, prefix);
    const a = await start(config);
    const b = await start(config);
    const bodies = batches(prefix, 60, 25);
    let restarted: Promise<void> | null = null;
    const sent = await sendWithRetries(() => [a.base, b.base], bodies, {
      path: '/api/v1/events',
      concurrency: 4,
      deadline: Date.now() + 60_000,
      onAck: (acked) => {
        if (acked === 20 && !restarted) {
          restarted = (async () => {
            await redis.stop(true);
            redis = await startRedisServer(DURABLE, {
              dir: redis.dir,
              port: redis.port,
              host: STREAM_TEST_HOST,
            });
          })();
        }
      },
    });
    await restarted;
    expect(restarted).not.toBeNull();
    expect(sent.acked).toBe(60);
    const { store, raw, stream } = direct(prefix);
    const alerts = await settled(store, raw, stream, 60 * 25, outputs);
    expect(alerts).toHaveLength(RESOURCES);
    for (const alert of alerts) expect(alert.count).toBe((60 * 25) / RESOURCES);
    expect(await store.countEvents()).toBe(60 * 25);
    expect((await serverApi(a.base, '/api/v1/incidents?limit=100')).body.items).toHaveLength(RESOURCES);
    await a.kill('SIGTERM');
    await b.kill('SIGTERM');
  }, 120_000);

  it('SIGSTOP of the lease holder: another replica takes the timers over; the incident escalates once', async () => {
    const prefix = 'lease';
    const config = writeConfig(
      dir,
      redis.url,
      prefix,
      'incidents:\n  escalation:\n    response: { P1: 5s, P2: 5s, P3: 5s, P4: 5s, P5: 5s }\n',
    );
    const a = await start(config);
    await waitForLease(a, 'A takes the lease', outputs);
    const b = await start(config);
    const posted = await serverApi(b.base, '/api/v1/events', {
      method: 'POST',
      body: batches(prefix, 1, 1)[0]!,
    });
    expect(posted.status).toBe(202);
    const incident = await waitFor(
      'the incident',
      async () => (await serverApi(b.base, '/api/v1/incidents')).body.items[0] as { id: string } | undefined,
      10_000,
      outputs,
    );
    process.kill(a.child.pid!, 'SIGSTOP');
    try {
      await waitForLease(b, 'B takes the lease', outputs, { timeoutMs: 15_000 });
      expect(await metricValue(b.base, 'vigil_lease_fencing_token')).toBe(2);
      await waitFor(
        'the escalation',
        async () =>
          (await serverApi(b.base, `/api/v1/incidents/${incident.id}`)).body.escalationLevel === 1
            ? true
            : undefined,
        15_000,
        outputs,
      );
    } finally {
      process.kill(a.child.pid!, 'SIGCONT');
    }
    // A resumes believing nothing happened: it must notice it lost the lease and escalate nothing.
    await waitForLease(a, 'A sees the lease lost', outputs, { held: false });
    await new Promise((r) => setTimeout(r, 3000));
    const detail = (await serverApi(b.base, `/api/v1/incidents/${incident.id}`)).body;
    expect(detail.escalationLevel).toBe(1);
    expect(detail.timeline.filter((e: { action: string }) => e.action === 'escalated')).toHaveLength(1);
    expect(await metricValue(a.base, 'vigil_incident_escalations_total')).toBe(0);
    expect(await metricValue(b.base, 'vigil_incident_escalations_total')).toBe(1);
    await a.kill('SIGTERM');
    await b.kill('SIGTERM');
  }, 120_000);
});
