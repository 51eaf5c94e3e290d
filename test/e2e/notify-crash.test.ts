import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotifyReceiver } from '../support/notify-receiver.js';
import {
  adminApi,
  eventually,
  freePort,
  startVigilRun,
  type VigilProcess,
} from '../support/vigil-process.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-notify-crash-'));
const hook = new NotifyReceiver();
let vigil: VigilProcess | null = null;
afterAll(async () => {
  if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
  await hook.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The outbox across a crash: the notification of a committed transition is delivered after
 * `kill -9` and a restart, and exactly once, also when vigil dies while a request is in flight.
 */
describe('vigil run: notifications survive kill -9', () => {
  it('delivers a notification committed before kill -9 after the restart, and only once', async () => {
    await hook.start();
    // First attempt: 503 (retried after the backoff); second: never answered, vigil is killed meanwhile.
    hook.script = [503];
    hook.fallback = 'hang';
    writeFileSync(
      join(dir, 'vigil.yaml'),
      [
        'host: { enabled: false }',
        'notify:',
        '  receivers:',
        `    - { name: ops, kind: webhook, url: "${hook.url}", timeout: 60s }`,
        '  routes:',
        '    - { name: everything, receivers: [ops] }',
        '  delivery: { initialBackoff: 1s, maxBackoff: 2s }',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const start = () => startVigilRun(dir, port, ['-c', join(dir, 'vigil.yaml')]);
    const api = adminApi(port, dir);
    vigil = await start();
    const posted = await api('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({
        events: [
          { source: 'api', resource: 'db-1', check: 'disk.full', severity: 'critical', status: 'firing' },
        ],
      }),
    });
    expect(posted.status).toBe(202);
    const key = 'INC-000001:opened:v1:ops';

    // The retry is in flight (the receiver holds it): kill -9 now, between commit and delivery.
    await eventually(async () => (hook.received.length >= 2 ? true : undefined), vigil.output);
    const before = await api('/api/v1/notifications');
    expect(before.body.items).toEqual([
      expect.objectContaining({ id: key, state: 'pending', attempts: 1, lastReason: 'http_5xx' }),
    ]);
    expect(await vigil.kill('SIGKILL')).toBeNull();
    expect(hook.deliveredByKey().size).toBe(0);

    hook.fallback = 200;
    vigil = await start();
    const delivered = await eventually(async () => {
      const { body } = await api(`/api/v1/notifications/${encodeURIComponent(key)}`);
      return body.state === 'delivered' ? body : undefined;
    }, vigil.output);
    expect(delivered.attempts).toBe(2);
    // A few more rounds of the dispatcher: nothing is sent again.
    await new Promise((r) => setTimeout(r, 2500));
    expect(hook.deliveredByKey()).toEqual(new Map([[key, 1]]));
    expect(hook.received.every((r) => r.headers['idempotency-key'] === key)).toBe(true);
    const timeline = (await api('/api/v1/incidents/INC-000001')).body.timeline as Array<{ action: string }>;
    expect(timeline.filter((e) => e.action === 'notified')).toHaveLength(1);
    expect(await vigil.kill('SIGTERM')).toBe(0);
  }, 120_000);
});
