import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhook } from '../../test/support/ingest-bodies.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import {
  firing,
  STREAM_ADMIN_TOKEN,
  STREAM_TEST_HOST,
  streamInstallation,
} from '../../test/support/stream-fixture.js';

/** The ingest routes of `vigil server`: every adapter answers 2xx only after its batch is in the stream. */
describe('ingest routes on the Redis ingest stream (a real redis-server)', () => {
  let server: RedisServer;
  let inst: Awaited<ReturnType<typeof streamInstallation>>;
  beforeAll(async () => {
    server = await startRedisServer(undefined, { host: STREAM_TEST_HOST });
  });
  afterAll(async () => server?.dispose());
  beforeEach(async () => {
    inst = await streamInstallation(server.url, { maxLength: 5 });
  });
  afterEach(async () => inst.close());

  const post = (url: string, payload: unknown) =>
    inst.correlator.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${STREAM_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const entries = async () =>
    (await inst.redis.xrange(inst.keys.distributed.stream, '-', '+')).map(([, f]) => ({
      via: f[f.indexOf('via') + 1],
      events: JSON.parse(f[f.indexOf('body') + 1]!) as Array<Record<string, unknown>>,
    }));

  it('appends each adapter batch as one entry and correlates nothing before a replica reads it', async () => {
    const native = await post('/api/v1/events', { events: [firing(), firing({ id: 'client-1' })] });
    expect(native.statusCode).toBe(202);
    expect(native.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(native.json().items[1]).toMatchObject({ id: 'client-1', decision: 'queued', incidentId: null });
    const prometheus = await post('/api/v2/alerts', [
      { labels: { alertname: 'Down', instance: 'web-1' }, startsAt: '2026-01-01T00:00:00Z' },
    ]);
    expect(prometheus.statusCode).toBe(200);
    const alertmanager = await post('/api/v1/integrations/alertmanager', webhook());
    expect(alertmanager.statusCode).toBe(200);
    expect(alertmanager.json()).toEqual({ status: 'ok', accepted: 2 });
    const pagerduty = await post('/api/v1/integrations/pagerduty', {
      routing_key: 'R0123456789abcdef0123456789abcdef',
      event_action: 'trigger',
      dedup_key: 'db-1/replication',
      payload: { summary: 'Replication lag', source: 'db-1', severity: 'critical' },
    });
    expect(pagerduty.statusCode).toBe(202);
    const stored = await entries();
    expect(stored.map((e) => [e.via, e.events.length])).toEqual([
      ['events', 2],
      ['prometheus', 1],
      ['alertmanager', 2],
      ['pagerduty', 1],
    ]);
    expect(
      stored.every((e) => e.events.every((ev) => typeof ev.id === 'string' && typeof ev.time === 'string')),
    ).toBe(true);
    expect(await inst.store.countEvents()).toBe(0);
    const replica = inst.consumer('r');
    await replica.ensureGroup();
    expect(await replica.round()).toBe(4);
    expect(await inst.store.countEvents()).toBe(6);
  });

  it('refuses hostile and oversized bodies before appending anything', async () => {
    expect((await post('/api/v1/events', '{"events": [')).statusCode).toBe(400);
    expect((await post('/api/v1/events', '{"__proto__": {"x": 1}, "events": []}')).statusCode).toBe(400);
    expect((await post('/api/v1/events', { events: [firing({ severity: 'fatal' })] })).statusCode).toBe(400);
    expect((await post('/api/v1/events', { events: [firing({ time: 'soon' })] })).statusCode).toBe(400);
    const many = { events: Array.from({ length: 5001 }, () => firing()) };
    expect((await post('/api/v1/events', many)).statusCode).toBe(413);
    expect(
      (await post('/api/v1/events', { events: [firing({ summary: 'x'.repeat(1_100_000) })] })).statusCode,
    ).toBe(413);
    expect(await entries()).toEqual([]);
  });

  it('answers 503 VIGIL_ERR_STREAM_FULL when the stream is at store.stream.maxLength, and keeps what it has', async () => {
    for (let i = 0; i < 5; i++)
      expect((await post('/api/v1/events', { events: [firing()] })).statusCode).toBe(202);
    const full = await post('/api/v1/events', { events: [firing()] });
    expect(full.statusCode).toBe(503);
    expect(full.json().error.code).toBe('VIGIL_ERR_STREAM_FULL');
    expect(full.json().error.message).toContain('store.stream.maxLength');
    expect(await entries()).toHaveLength(5);
  });
});
