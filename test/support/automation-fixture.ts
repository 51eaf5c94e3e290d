import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogFromConfig } from '../../correlator/automation/catalog-from-config.js';
import { parseAutomationRules } from '../../correlator/automation/parse-rules.js';
import type {
  RemoteRunner,
  RemoteRunResult,
  RemoteTarget,
} from '../../correlator/automation/remote-runner.js';
import type { IncidentPolicy } from '../../correlator/incidents/policy.js';
import type { ChangeStore } from '../../correlator/store/change-store.js';
import type { Store } from '../../correlator/store/contract.js';
import { bearer, event, testCorrelator } from './correlator-fixture.js';

/** A request the test webhook server received. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real local HTTP server standing in for a webhook receiver; answers `status`. */
export async function webhookServer(status = 200) {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(control.status, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  const control = { status };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    control,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Records what a runbook would have run remotely; the real SSH runner is plugged in at merge. */
export class RecordingRemoteRunner implements RemoteRunner {
  readonly calls: Array<{ target: RemoteTarget; argv: readonly string[] }> = [];
  exitCode = 0;
  async run(target: RemoteTarget, argv: readonly string[]): Promise<RemoteRunResult> {
    this.calls.push({ target, argv: [...argv] });
    return {
      exitCode: this.exitCode,
      stdout: 'done\n',
      stderr: '',
      truncated: false,
      durationMs: 5,
      timedOut: false,
    };
  }
}

/**
 * Local programs for real-process tests, in a temporary directory. `record` writes each argument
 * NUL-terminated to a file (so the test sees exactly the argv the program got), `fail` exits 3,
 * `rollback` records like `record` into its own file, `slow` sleeps 30 s (its timeout stops it).
 */
export function testScripts() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-automation-'));
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const recordOut = join(dir, 'record.out');
  const rollbackOut = join(dir, 'rollback.out');
  const paths = {
    record: script('record.sh', `printf '%s\\0' "$@" >> '${recordOut}'\necho recorded`),
    fail: script('fail.sh', `echo 'disk still full' >&2\nexit 3`),
    rollback: script('rollback.sh', `printf '%s\\0' "$@" >> '${rollbackOut}'`),
    slow: script('slow.sh', 'sleep 30'),
  };
  const readArgs = (file: string): string[][] | null => {
    if (!existsSync(file)) return null;
    return [readFileSync(file, 'utf8').split('\0').slice(0, -1)];
  };
  return {
    dir,
    paths,
    /** Arguments the record script got, all runs concatenated, or null if it never ran. */
    recorded: () => readArgs(recordOut)?.[0] ?? null,
    rolledBack: () => readArgs(rollbackOut)?.[0] ?? null,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A correlator with automation over an in-memory store and a manual clock: local scripts are real
 * processes, the webhook a real local HTTP server, runbooks go to a recording remote runner.
 */
export async function automationCorrelator(options: {
  rules: string;
  policy?: Partial<IncidentPolicy>;
  dryRun?: boolean;
  maxConcurrent?: number;
  webhookStatus?: number;
  /** Where runbooks run; a recording runner by default (the SSH tests pass the real one). */
  remote?: RemoteRunner;
  /** Another store with a ChangeStore (the Redis store); default a fresh in-memory SQLite. */
  store?: Store & ChangeStore;
  /** Runbooks added to the catalog beside `restart-service`. */
  runbooks?: Array<{
    name: string;
    argv: string[];
    parameters: Array<{ name: string; pattern?: string }>;
    timeoutMs: number;
  }>;
}) {
  const scripts = testScripts();
  const hook = await webhookServer(options.webhookStatus ?? 200);
  const recording = new RecordingRemoteRunner();
  const catalog = catalogFromConfig({
    runbooks: [
      {
        name: 'restart-service',
        argv: ['sudo', 'systemctl', 'restart', '--', '{{ service }}'],
        parameters: [{ name: 'service', pattern: '[a-z0-9@._-]{1,64}' }],
        timeoutMs: 30_000,
      },
      ...(options.runbooks ?? []),
    ],
    scripts: [
      { name: 'record', path: scripts.paths.record, timeoutMs: 10_000 },
      { name: 'fail', path: scripts.paths.fail, timeoutMs: 10_000 },
      { name: 'rollback', path: scripts.paths.rollback, timeoutMs: 10_000 },
      { name: 'slow', path: scripts.paths.slow, timeoutMs: 1000 },
    ],
    webhooks: [
      { name: 'ticket', url: hook.url, headers: { authorization: 'Bearer hook-secret' }, timeoutMs: 5000 },
    ],
  });
  const rules = parseAutomationRules(options.rules, 'automation.yaml', catalog);
  const c = await testCorrelator({
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.store ? { store: options.store } : {}),
    automation: {
      rules,
      catalog,
      remote: options.remote ?? recording,
      dryRun: options.dryRun ?? false,
      maxConcurrent: options.maxConcurrent ?? 4,
      maxOutputBytes: 4096,
    },
  });
  const engine = c.automation!;
  const store = c.store as Store & ChangeStore;
  const post = async (overrides: Record<string, unknown> = {}) => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer('agent'),
      payload: { events: [event({ severity: 'critical', ...overrides })] },
    });
    if (res.statusCode !== 202) throw new Error(`ingest answered ${res.statusCode}: ${res.body}`);
    await engine.idle();
  };
  return {
    c,
    engine,
    scripts,
    hook,
    remote: recording,
    /** Posts a firing event (web-1 disk full unless overridden) and waits for automation to settle. */
    fire: (overrides: Record<string, unknown> = {}) => post(overrides),
    /** Posts the recovery of `fire()` and waits for automation to settle. */
    recover: (overrides: Record<string, unknown> = {}) =>
      post({ status: 'resolved', severity: 'ok', ...overrides }),
    /** Moves the clock and runs both timers, as `vigil run` does every second. */
    async tickAfter(ms: number) {
      c.clock.advance(ms);
      await c.pipeline.tick();
      await engine.tick();
      await engine.idle();
    },
    change: (id = 'CHG-000001') => store.getChange(id),
    changes: async () => (await store.listChanges({ limit: 100 })).items,
    timeline: async (id = 'INC-000001') => (await c.store.getTimeline(id)).map((e) => e.action),
    incident: (id = 'INC-000001') => c.store.getIncident(id),
    metric: async (name: string) =>
      (await c.registry.metrics()).split('\n').filter((line) => line.startsWith(name)),
    async close() {
      await engine.idle();
      await c.app.close();
      await c.store.close();
      await hook.close();
      scripts.remove();
    },
  };
}
