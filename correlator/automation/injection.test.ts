import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { automationCorrelator } from '../../test/support/automation-fixture.js';
import { shellQuote } from './shell-quote.js';

/**
 * Shell-injection attempts through event fields. Event values reach actions only as whole
 * arguments (local programs via execve, no shell), as JSON strings (webhooks), or as runbook
 * parameters checked against their declared pattern; these tests send hostile values through the
 * real API and look at what the real program, the real HTTP server and the remote runner received.
 */
const HOSTILE = [
  '; rm -rf /',
  '$(touch /tmp/vigil-pwned)',
  '`id`',
  'line1\nline2',
  `it's "quoted" \\ and 'single'`,
  '| cat /etc/passwd && echo $HOME > /dev/null',
  '--help',
  '-rf',
];

type Harness = Awaited<ReturnType<typeof automationCorrelator>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const labels = Object.fromEntries(HOSTILE.map((value, i) => [`v${i}`, value]));
const args = HOSTILE.map((_, i) => `"{{ labels.v${i} }}"`).join(', ');

describe('automation: hostile event values stay literal arguments', () => {
  it('a local program receives each hostile value as exactly one argument, unexpanded', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - { name: r, match: ['check="filesystem.used_percent"'], action: { script: record, args: [${args}, "x{{ resource }}y"] } }\n`,
    });
    await h.fire({ labels: { ...labels, mount: '/' }, resource: 'web-1; reboot' });
    expect(h.scripts.recorded()).toEqual([...HOSTILE, 'xweb-1; rebooty']);
    const change = (await h.change())!;
    expect(change.rendered).toMatchObject({ kind: 'script', argv: [...HOSTILE, 'xweb-1; rebooty'] });
    expect(change.state).toBe('verifying');
  });

  it('a NUL byte cannot be passed as an argument: nothing runs, the change fails and the incident escalates', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - { name: r, match: ['check="filesystem.used_percent"'], action: { script: record, args: ["{{ labels.mount }}"] } }\n`,
    });
    await h.fire({ labels: { mount: '/\u0000; rm -rf /' } });
    expect(h.scripts.recorded()).toBeNull();
    expect(await h.change()).toMatchObject({
      state: 'failed',
      rendered: null,
      detail: 'not run: argument 1 contains a NUL byte, which no argument can carry',
    });
    expect((await h.incident())!.escalationLevel).toBe(1);
  });

  it('a webhook receives hostile values as JSON strings, exactly, with its configured header', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - name: r\n    match: ['check="filesystem.used_percent"']\n    action: { webhook: ticket, body: { incident: "{{ incident.id }}", values: [${args}], n: 1 } }\n`,
    });
    await h.fire({ labels: { ...labels, mount: '/' } });
    expect(h.hook.received).toHaveLength(1);
    const [request] = h.hook.received;
    expect(request!.headers.authorization).toBe('Bearer hook-secret');
    expect(JSON.parse(request!.body)).toEqual({ incident: 'INC-000001', values: HOSTILE, n: 1 });
    expect(await h.change()).toMatchObject({ state: 'verifying', result: { ok: true, httpStatus: 200 } });
    // Neither the header (a secret) nor the URL's path is part of the change record.
    expect((await h.change())!.rendered).toMatchObject({
      kind: 'webhook',
      webhook: 'ticket',
      origin: new URL(h.hook.url).origin,
    });
    expect(JSON.stringify(await h.change())).not.toContain('hook-secret');
    expect(JSON.stringify(await h.change())).not.toContain('/hook');
  });

  it('a webhook answering 500 fails the change', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - { name: r, match: ['check="filesystem.used_percent"'], action: { webhook: ticket, body: {} } }\n`,
      webhookStatus: 500,
    });
    await h.fire();
    expect(await h.change()).toMatchObject({
      state: 'failed',
      result: { ok: false, httpStatus: 500 },
      detail: 'the action failed: the webhook answered HTTP 500',
    });
  });

  it('a runbook parameter that fails its declared pattern is refused before anything runs remotely', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - { name: r, match: ['check="service.down"'], action: { runbook: restart-service, params: { service: "{{ labels.unit }}" } } }\n`,
    });
    await h.fire({ check: 'service.down', labels: { unit: 'nginx; rm -rf /' } });
    expect(h.remote.calls).toEqual([]);
    expect(await h.change()).toMatchObject({ state: 'failed', rendered: null });
    expect((await h.change())!.detail).toContain(
      'parameter service = "nginx; rm -rf /" does not match the pattern',
    );

    await h.fire({ check: 'service.down', resource: 'web-2', labels: { unit: 'nginx.service' } });
    expect(h.remote.calls).toEqual([
      { target: { host: 'web-2' }, argv: ['sudo', 'systemctl', 'restart', '--', 'nginx.service'] },
    ]);
  });

  it('a runbook host that is not a host name is refused (no option injection into ssh)', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - { name: r, match: ['check="service.down"'], action: { runbook: restart-service, host: "{{ labels.host }}", params: { service: nginx } } }\n`,
    });
    await h.fire({ check: 'service.down', labels: { host: '-oProxyCommand=touch /tmp/x' } });
    expect(h.remote.calls).toEqual([]);
    expect((await h.change())!.detail).toContain('is not a host name or address');
  });
});

describe('shellQuote', () => {
  const run = promisify(execFile);

  it('quotes argv so a real POSIX shell passes every hostile value through literally', async () => {
    const { stdout } = await run('/bin/sh', ['-c', `printf '%s\\0' ${shellQuote(HOSTILE)}`]);
    expect(stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it('quotes the empty string and refuses NUL', () => {
    expect(shellQuote(['a', ''])).toBe(`'a' ''`);
    expect(() => shellQuote(['a\0b'])).toThrow('NUL');
  });
});
