import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_PARTS_HOST, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { adminApi, freePort, startVigilRun, type VigilProcess } from '../support/vigil-process.js';

const DURABLE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
const PREFIX = 'e2e-state';

/**
 * `vigil run` with `store: { kind: redis }` keeps what used to be SQLite-only in Redis: a silence
 * and a maintenance window created through the API are Redis keys under the installation's hash
 * tag, mute a matching event, and are there again after SIGKILL of vigil and of Redis.
 */
describe('vigil run on Redis: suppression state', () => {
  let dir: string;
  let port: number;
  let redis: RedisServer;
  let vigil: VigilProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-redis-state-'));
    mkdirSync(join(dir, 'redis'));
    port = await freePort();
    redis = await startRedisServer(DURABLE, { host: REDIS_PARTS_HOST, dir: join(dir, 'redis') });
    writeFileSync(
      join(dir, 'vigil.yaml'),
      `store: { kind: redis, url: "${redis.url}", keyPrefix: ${PREFIX} }\nhost: { enabled: false }\n`,
    );
  });
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) => adminApi(port, dir)(path, init);
  const start = () => startVigilRun(dir, port, ['--config', join(dir, 'vigil.yaml')]);

  it('stores a silence and a window in Redis, mutes with them, and keeps them through SIGKILL of both', {
    timeout: 60_000,
  }, async () => {
    vigil = await start();
    const silence = await api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: ['resource="db-1"'],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'disk swap "A" 🚧',
      }),
    });
    expect(silence.status).toBe(201);
    const window = await api('/api/v1/maintenance', {
      method: 'POST',
      body: JSON.stringify({
        name: 'weekly-db',
        selector: { ciIds: [], names: ['web-1'], classes: ['host'], matchers: [] },
        schedule: { cron: '0 22 * * 6', duration: '2h', timezone: 'Europe/Berlin' },
        comment: 'patching',
      }),
    });
    expect(window.status).toBe(201);
    const posted = await api('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({
        events: [
          { source: 'e2e', resource: 'db-1', check: 'disk.full', severity: 'critical', status: 'firing' },
        ],
      }),
    });
    expect(posted.status).toBe(202);
    expect((await api('/api/v1/alerts?resource=db-1')).body.items[0].state).toBe('suppressed');
    expect((await api('/api/v1/incidents')).body.items).toEqual([]);

    const raw = new Redis(redis.url);
    try {
      expect(await raw.hexists(`{${PREFIX}}:sil:doc`, silence.body.id)).toBe(1);
      expect(await raw.hexists(`{${PREFIX}}:mw:doc`, 'weekly-db')).toBe(1);
    } finally {
      raw.disconnect();
    }

    await vigil.kill('SIGKILL');
    await redis.stop(true);
    redis = await startRedisServer(DURABLE, { host: REDIS_PARTS_HOST, dir: redis.dir, port: redis.port });
    vigil = await start();
    const silences = (await api('/api/v1/silences')).body.items;
    expect(silences).toEqual([
      expect.objectContaining({
        id: silence.body.id,
        comment: 'disk swap "A" 🚧',
        status: { state: 'active' },
      }),
    ]);
    expect((await api('/api/v1/maintenance')).body.items.map((w: { name: string }) => w.name)).toEqual([
      'weekly-db',
    ]);
  });
});
