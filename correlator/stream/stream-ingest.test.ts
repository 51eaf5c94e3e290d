import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { firing, STREAM_TEST_HOST, streamInstallation } from '../../test/support/stream-fixture.js';
import { VigilError } from '../errors/vigil-error.js';
import { StreamIngest } from './stream-ingest.js';

describe('StreamIngest (a real redis-server)', () => {
  let server: RedisServer;
  let inst: Awaited<ReturnType<typeof streamInstallation>>;
  beforeAll(async () => {
    server = await startRedisServer(undefined, { host: STREAM_TEST_HOST });
  });
  afterAll(async () => server?.dispose());
  beforeEach(async () => {
    inst = await streamInstallation(server.url);
  });
  afterEach(async () => inst.close());

  const entries = () => inst.redis.xrange(inst.keys.distributed.stream, '-', '+');

  it('appends one entry per batch with ids and times fixed, and answers queued receipts', async () => {
    const receipts = await inst.ingest.append(
      [firing(), firing({ id: 'agent-7', time: '2026-01-01T00:00:05Z' })],
      'prometheus',
    );
    expect(receipts).toHaveLength(2);
    expect(receipts[0]).toMatchObject({ status: 'accepted', decision: 'queued', incidentId: null });
    expect(receipts[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(receipts[1]!.id).toBe('agent-7');
    expect(receipts[0]!.fingerprint).toBe(receipts[1]!.fingerprint);
    const [entry, ...rest] = await entries();
    expect(rest).toEqual([]);
    const fields = entry![1];
    const field = (name: string) => fields[fields.indexOf(name) + 1];
    expect(field('via')).toBe('prometheus');
    expect(field('n')).toBe('2');
    const body = JSON.parse(field('body')!);
    expect(body.map((e: { id: string }) => e.id)).toEqual([receipts[0]!.id, 'agent-7']);
    expect(body[0].time).toBe(new Date(inst.clock.now()).toISOString());
    expect(body[1].time).toBe('2026-01-01T00:00:05Z');
  });

  it('refuses a batch with an unparsable time before appending anything', async () => {
    const refused = await inst.ingest.append([firing(), firing({ time: 'yesterday' })]).catch((e) => e);
    expect(refused).toBeInstanceOf(VigilError);
    expect(refused.code).toBe('VIGIL_ERR_VALIDATION');
    expect(await entries()).toEqual([]);
  });

  it('answers VIGIL_ERR_STREAM_FULL (503) at store.stream.maxLength and appends nothing', async () => {
    const full = new StreamIngest({
      append: inst.scripts['stream-append'],
      stream: inst.keys.distributed.stream,
      maxLength: 2,
      clock: inst.clock,
    });
    await full.append([firing()]);
    await full.append([firing()]);
    const refused = await full.append([firing()]).catch((e) => e);
    expect(refused).toBeInstanceOf(VigilError);
    expect(refused.code).toBe('VIGIL_ERR_STREAM_FULL');
    expect(refused.status).toBe(503);
    expect(refused.message).toContain('2 entries');
    expect(await entries()).toHaveLength(2);
  });

  it('answers VIGIL_ERR_STORE_UNAVAILABLE (503) when Redis does not take the entry', async () => {
    const failing = new StreamIngest({
      append: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      stream: inst.keys.distributed.stream,
      maxLength: 0,
      clock: inst.clock,
    });
    const refused = await failing.append([firing()]).catch((e) => e);
    expect(refused.code).toBe('VIGIL_ERR_STORE_UNAVAILABLE');
    expect(refused.status).toBe(503);
    expect(refused.message).toContain('ECONNREFUSED');
  });
});
