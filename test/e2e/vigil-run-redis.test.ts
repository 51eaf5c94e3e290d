import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { adminApi, freePort, startVigilRun, type VigilProcess } from '../support/vigil-process.js';

/** Zero loss settings of docs/redis.md: every write fsynced before Redis replies. */
const DURABLE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];

/**
 * `vigil run --config redis.yaml` against a private redis-server: events become an incident held
 * in Redis, and after SIGKILL of both vigil and Redis everything acknowledged is still there.
 */
describe('vigil run with the Redis store', () => {
  let dir: string;
  let port: number;
  let redis: RedisServer;
  let vigil: VigilProcess | null = null;
  const prefix = 'e2e-run';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-redis-'));
    port = await freePort();
    mkdirSync(join(dir, 'redis-data'));
    redis = await startRedisServer(DURABLE, { dir: join(dir, 'redis-data') });
    writeFileSync(
      join(dir, 'redis.yaml'),
      `store: { kind: redis, url: "${redis.url}", keyPrefix: ${prefix} }\nhost: { enabled: false }\n`,
    );
  });
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) => adminApi(port, dir)(path, init);
  const start = () => startVigilRun(dir, port, ['--config', join(dir, 'redis.yaml')]);

  it('starts against Redis and says where state lives', async () => {
    vigil = await start();
    expect(vigil.output()).toContain(`redis redis://${redis.url.slice('redis://'.length)}`);
    expect(vigil.output()).toContain(`{${prefix}}`);
  });

  it('turns posted events into one incident stored in Redis', async () => {
    const events = Array.from({ length: 20 }, (_, i) => ({
      source: 'e2e',
      resource: 'db-1',
      check: 'filesystem.used_percent',
      severity: 'critical',
      status: 'firing',
      summary: `Filesystem /data is ${95 + (i % 3)}% full`,
      labels: { mount: '/data' },
    }));
    const posted = await api('/api/v1/events', { method: 'POST', body: JSON.stringify({ events }) });
    expect(posted.status).toBe(202);
    expect(posted.body.accepted).toBe(20);
    const incidents = await api('/api/v1/incidents?open=true');
    expect(incidents.body.items).toHaveLength(1);
    expect(incidents.body.items[0]).toMatchObject({ priority: 'P3', category: 'capacity', alertCount: 1 });
    const alerts = await api('/api/v1/alerts?resource=db-1');
    expect(alerts.body.items[0].count).toBe(20);
  });

  it('keeps every acknowledged event through SIGKILL of vigil and of Redis', async () => {
    await vigil!.kill('SIGKILL');
    await redis.stop(true);
    redis = await startRedisServer(DURABLE, { dir: redis.dir, port: redis.port });
    const store = new RedisStore({ url: redis.url, prefix });
    try {
      expect(await store.countEvents()).toBe(20);
    } finally {
      await store.close();
    }
    vigil = await start();
    const incidents = await api('/api/v1/incidents?open=true');
    expect(incidents.body.items).toHaveLength(1);
    const again = await api('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({
        events: [
          {
            source: 'e2e',
            resource: 'db-1',
            check: 'filesystem.used_percent',
            severity: 'critical',
            status: 'firing',
            summary: 'still full',
            labels: { mount: '/data' },
          },
        ],
      }),
    });
    expect(again.status).toBe(202);
    expect((await api('/api/v1/incidents?open=true')).body.items).toHaveLength(1);
    expect((await api('/api/v1/alerts?resource=db-1')).body.items[0].count).toBe(21);
  });
});
