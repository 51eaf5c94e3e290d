import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, metricValue, startAgent } from '../support/agent-process.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';
import { REDIS_PARTS_HOST, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { eventually, freePort, startVigilRun, type VigilProcess } from '../support/vigil-process.js';

const AGENT_TOKEN = 'agent-outage-token-0123456789';
const ADMIN_TOKEN = 'admin-outage-token-0123456789';
const PREFIX = 'agent-outage';
const OUTAGE_MS = 60_000;
/** Zero-loss Redis settings of docs/redis.md. */
const DURABLE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];

/**
 * The fault test "stop the correlator for 60 s while an agent runs": a real `vigil run`
 * on the Redis store, a real `vigil agent` probing every second and relaying a steady stream of
 * events, and between them a pass-through that records the event ids the agent generated. The
 * correlator is stopped (SIGTERM) for 60 s; the agent spools, and after the restart it replays
 * in order: every generated id is stored exactly once, the relayed sequence is stored in order,
 * and the probe events raised during the outage arrive too.
 */
describe('slow: the correlator stopped for 60 s while an agent runs (Redis store)', () => {
  let dir: string;
  let redis: RedisServer;
  let run: VigilProcess | null = null;
  let proxy: RecordingProxy;
  let agent: AgentProcess | null = null;
  let runPort: number;
  let runConfig: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-agent-outage-'));
    for (const sub of ['run', 'agent', 'redis']) mkdirSync(join(dir, sub));
    redis = await startRedisServer(DURABLE, { host: REDIS_PARTS_HOST, dir: join(dir, 'redis') });
    runPort = await freePort();
    runConfig = join(dir, 'run', 'vigil.yaml');
    writeFileSync(
      runConfig,
      [
        `store: { kind: redis, url: "${redis.url}", keyPrefix: ${PREFIX} }`,
        'server:',
        '  tokens:',
        `    - { name: agents, role: agent, token: ${AGENT_TOKEN} }`,
        `    - { name: admin, role: admin, token: ${ADMIN_TOKEN} }`,
        'host: { enabled: false }',
      ].join('\n'),
    );
    run = await startVigilRun(join(dir, 'run'), runPort, ['--config', runConfig]);
    proxy = await startRecordingProxy(`http://127.0.0.1:${runPort}`);
    // Host uptime grows by one per second: rules on it fire at a known time, here inside the outage.
    const up = Math.floor(uptime());
    writeFileSync(
      join(dir, 'agent', 'uptime.yaml'),
      [
        'thresholds:',
        ...[20, 45].map((after) =>
          [
            `  - name: uptime-past-${after}`,
            `    check: e2e.uptime_${after}`,
            '    metric: host.uptime_seconds',
            `    above: ${up + after}`,
            '    severity: warning',
            '    category: availability',
            `    summary: "uptime passed start + ${after} s"`,
          ].join('\n'),
        ),
      ].join('\n'),
    );
    const agentPort = await freePort();
    writeFileSync(
      join(dir, 'agent', 'agent.yaml'),
      [
        'agent:',
        `  url: ${proxy.url}`,
        `  token: ${AGENT_TOKEN}`,
        `  listen: 127.0.0.1:${agentPort}`,
        '  batchSize: 50',
        '  flushInterval: 50ms',
        '  requestTimeout: 1s',
        '  backoff: { initial: 100ms, max: 2s }',
        '  spool: { dir: ./spool, maxBytes: 8388608, fsync: always }',
        `rules: ["${join(dir, 'agent', 'uptime.yaml')}"]`,
        'host: { enabled: true, interval: 1s, slowInterval: 2s }',
      ].join('\n'),
    );
    agent = await startAgent(join(dir, 'agent'), join(dir, 'agent', 'agent.yaml'), agentPort);
  });
  afterAll(async () => {
    await agent?.stop('SIGKILL');
    if (run && run.child.exitCode === null) await run.kill('SIGKILL');
    await proxy?.close();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const agentMetrics = async () => (await fetch(`${agent!.base}/metrics`)).text();
  let sent = 0;
  /** Relays one event with the next sequence number through the agent (it stamps the id). */
  const relayOne = async () => {
    const res = await fetch(`${agent!.base}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            source: 'e2e',
            resource: 'outage-e2e',
            check: 'relay.sequence',
            severity: 'warning',
            status: 'firing',
            summary: `event ${sent}`,
            labels: { seq: String(sent) },
          },
        ],
      }),
    });
    expect(res.status).toBe(202);
    sent++;
  };
  const relayFor = async (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await relayOne();
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('spools through a 60 s stop, replays in order, and stores every generated event id exactly once', {
    timeout: 150_000,
  }, async () => {
    await relayFor(3_000);
    await eventually(
      async () =>
        metricValue(await agentMetrics(), 'vigil_agent_spool_pending_items') === 0 ? true : undefined,
      () => agent!.output(),
    );
    const beforeStop = proxy.ids.length;
    expect(beforeStop).toBeGreaterThan(0);

    await run!.kill('SIGTERM');
    const stoppedAt = Date.now();
    const sentBeforeStop = sent;
    await relayFor(OUTAGE_MS - 1_000);
    const during = await agentMetrics();
    // Everything relayed during the stop, and the probe event of the 20 s rule, waits in the spool.
    expect(sent - sentBeforeStop).toBeGreaterThan(50);
    expect(metricValue(during, 'vigil_agent_spool_pending_items')).toBeGreaterThanOrEqual(
      sent - sentBeforeStop + 1,
    );
    expect(metricValue(during, 'vigil_agent_delivery_failures_total')).toBeGreaterThan(5);
    while (Date.now() - stoppedAt < OUTAGE_MS) await new Promise((r) => setTimeout(r, 100));

    run = await startVigilRun(join(dir, 'run'), runPort, ['--config', runConfig]);
    await relayFor(2_000);
    const spooled = await eventually(
      async () => {
        const text = await agentMetrics();
        return metricValue(text, 'vigil_agent_spool_pending_items') === 0 ? text : undefined;
      },
      () => agent!.output(),
      30_000,
    );
    expect(metricValue(spooled, 'vigil_agent_spool_dropped_events_total')).toBe(0);
    expect(metricValue(spooled, 'vigil_agent_rejected_total')).toBe(0);
    const generated = metricValue(spooled, 'vigil_agent_events_spooled_total');
    expect(proxy.refused).toBeGreaterThan(5);

    // What the correlator stored, read from Redis: the event log in commit order.
    const raw = new Redis(redis.url);
    try {
      const log = await raw.xrange(`{${PREFIX}}:events:log`, '-', '+');
      const stored = log.flatMap(([, fields]) => {
        const body = fields[fields.indexOf('body') + 1]!;
        return JSON.parse(body) as Array<
          [string, string, number, string, string, string, string, string, string, Record<string, string>]
        >;
      });
      const storedIds = stored.map((e) => e[0]);
      // Zero loss and no duplicates: exactly the ids the agent generated and put on the wire.
      expect(new Set(storedIds).size).toBe(storedIds.length);
      expect(storedIds.length).toBe(generated);
      expect([...storedIds].sort()).toEqual([...proxy.ids].sort());
      // In order: the relayed sequence is stored 0, 1, 2, ... without a gap.
      const seqs = stored.filter((e) => e[5] === 'relay.sequence').map((e) => Number(e[9].seq));
      expect(seqs).toEqual(Array.from({ length: sent }, (_, i) => i));
      // The probe events raised while the correlator was down were spooled and replayed too.
      const probeChecks = stored.filter((e) => e[5].startsWith('e2e.uptime_')).map((e) => e[5]);
      expect(probeChecks).toEqual(['e2e.uptime_20', 'e2e.uptime_45']);
      expect(Number(await raw.get(`{${PREFIX}}:events:count`))).toBe(generated);
    } finally {
      raw.disconnect();
    }
  });
});
