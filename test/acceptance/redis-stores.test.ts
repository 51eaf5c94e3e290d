import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY } from '../../correlator/incidents/policy.js';
import { RedisStore } from '../../correlator/store/redis/redis-store.js';
import { automationCorrelator } from '../support/automation-fixture.js';
import { HOUR, MINUTE } from '../support/records.js';
import { REDIS_PARTS_HOST, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { closeScenarios, disk, scenario } from '../support/scenario.js';

/**
 * The correlator wired on the Redis store, scripted in time like the other acceptance tests:
 * silences (SuppressionStore), threshold grouping (GroupStore) and the automation closed loop
 * (ChangeStore) run through the same pipeline and engine as on SQLite, with their state in Redis.
 */
let server: RedisServer;
const redisStore = () => new RedisStore({ url: server.url, prefix: `acc-${randomUUID().slice(0, 8)}` });

beforeAll(async () => {
  server = await startRedisServer(undefined, { host: REDIS_PARTS_HOST });
});
afterEach(closeScenarios);
afterAll(async () => {
  await server?.dispose();
});

const THRESHOLD = `correlation:
  - kind: grouping
    name: http-errors
    matchers: ['check="http.errors"']
    groupBy: [check]
    window: 10m
    threshold: { count: 3, within: 5m }
`;
const http = (resource: string) =>
  disk({ resource, check: 'http.errors', summary: '5xx rate high', labels: {}, severity: 'major' });

describe('acceptance on the Redis store', () => {
  it('a silence kept in Redis mutes an alert and lets it open an incident when it ends', async () => {
    const store = redisStore();
    const s = scenario({ store });
    const silence = await s.suppression.silences.create({
      matchers: ['resource="web-1"'],
      endsAt: s.clock.now() + HOUR,
      createdBy: 'alice',
      comment: 'disk swap',
    });
    expect(await store.getSilence(silence.id)).toMatchObject({ createdBy: 'alice' });
    s.at(5 * MINUTE);
    const [receipt] = await s.push(disk());
    expect(await s.incidents()).toEqual([]);
    expect((await s.alert(receipt)).state).toBe('suppressed');
    await s.tickAt(HOUR);
    const incident = await s.sole();
    expect((await s.alert(receipt)).incidentId).toBe(incident.id);
  });

  it('a threshold group waits in Redis until the third alert opens one incident for all three', async () => {
    const store = redisStore();
    const s = scenario({ store, rules: [THRESHOLD] });
    s.at(0);
    await s.push(http('web-1'));
    s.at(MINUTE);
    await s.push(http('web-2'));
    expect(await s.incidents()).toEqual([]);
    const waiting = await store.dueGroups('http-errors', Number.MAX_SAFE_INTEGER, 10);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.pending).toHaveLength(2);
    s.at(2 * MINUTE);
    await s.push(http('web-3'));
    const incident = await s.sole();
    expect(incident.alertFingerprints).toHaveLength(3);
    expect(await store.findGroups('http-errors', waiting[0]!.key, 0)).toMatchObject([
      {
        incidentId: incident.id,
        pending: [],
      },
    ]);
  });

  it('automation records its change in Redis and credits it when the signal recovers', async () => {
    const h = await automationCorrelator({
      store: redisStore(),
      rules: `
automation:
  - name: clean-disk
    match: ['check="filesystem.used_percent"', 'category="capacity"', 'priority=~"P[1-3]"', 'mount="/"']
    action: { script: record, args: ["--incident={{ incident.id }}", "{{ labels.mount }}"] }
    rollback: { script: rollback, args: ["{{ incident.id }}"] }
    verify: 5m
`,
      policy: { escalation: { ...DEFAULT_ESCALATION_POLICY, levels: [{ group: 'l2-support' }] } },
    });
    try {
      await h.fire();
      expect(h.scripts.recorded()).toEqual(['--incident=INC-000001', '/']);
      expect(await h.change()).toMatchObject({ id: 'CHG-000001', state: 'verifying' });
      await h.tickAfter(4 * MINUTE);
      await h.recover();
      expect(await h.change()).toMatchObject({ state: 'succeeded', verification: { result: 'recovered' } });
      expect((await h.changes()).map((c) => c.id)).toEqual(['CHG-000001']);
      expect(await h.incident()).toMatchObject({ status: 'resolved' });
    } finally {
      await h.close();
    }
  });
});
