import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startVigilRun, VIGIL_BIN, type VigilProcess } from '../support/vigil-process.js';

const AGENT_TOKEN = 'agent-e2e-token-0123456789';
const ADMIN_TOKEN = 'admin-e2e-token-0123456789';
const WRONG_TOKEN = 'wrong-token-0123456789abc';

/** A running `vigil agent` child process. */
interface AgentProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function startAgent(dir: string, config: string, port: number): Promise<AgentProcess> {
  const child = spawn(process.execPath, [VIGIL_BIN, 'agent', '-c', config, '--data-dir', dir], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigil agent exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vigil agent did not start within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits for `check` to return true, polling, bounded. */
async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const metric = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

/**
 * A real `vigil run` and a real `vigil agent`: the agent registers, ships, spools while the
 * correlator is killed or frozen, and replays in order afterwards with zero loss and no duplicates.
 */
describe('vigil agent against a real vigil run', () => {
  let dir: string;
  let runPort: number;
  let agentPort: number;
  let wrongPort: number;
  let run: VigilProcess | null = null;
  let agent: AgentProcess | null = null;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-agent-e2e-'));
    mkdirSync(join(dir, 'run'));
    mkdirSync(join(dir, 'agent'));
    runPort = await freePort();
    agentPort = await freePort();
    wrongPort = await freePort();
    writeFileSync(
      join(dir, 'run', 'vigil.yaml'),
      [
        'server:',
        '  tokens:',
        `    - { name: agents, role: agent, token: ${AGENT_TOKEN} }`,
        `    - { name: admin, role: admin, token: ${ADMIN_TOKEN} }`,
        'host: { enabled: false }',
        'registration:',
        '  - name: everyone',
        '    groups: [e2e-ops]',
        '    services: [e2e-shop]',
        '    labels: { placed: "yes" }',
      ].join('\n'),
    );
    const agentConfig = (token: string, port: number, spool: string, host: boolean) =>
      [
        'agent:',
        `  url: http://127.0.0.1:${runPort}`,
        `  token: ${token}`,
        `  listen: 127.0.0.1:${port}`,
        '  batchSize: 40',
        '  flushInterval: 50ms',
        '  requestTimeout: 1s',
        '  backoff: { initial: 100ms, max: 800ms }',
        `  spool: { dir: ${spool}, maxBytes: 4194304, fsync: always }`,
        '  labels: { env: e2e }',
        `host: { enabled: ${host}, interval: 60s, slowInterval: 60s }`,
      ].join('\n');
    writeFileSync(join(dir, 'agent', 'agent.yaml'), agentConfig(AGENT_TOKEN, agentPort, './spool', true));
    writeFileSync(
      join(dir, 'agent', 'wrong.yaml'),
      agentConfig(WRONG_TOKEN, wrongPort, './spool-wrong', false),
    );
    run = await startVigilRun(join(dir, 'run'), runPort, ['--config', join(dir, 'run', 'vigil.yaml')]);
    agent = await startAgent(join(dir, 'agent'), join(dir, 'agent', 'agent.yaml'), agentPort);
    agents.push(agent);
  });
  afterAll(async () => {
    for (const a of agents) await a.stop('SIGKILL');
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGCONT');
      await run.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${runPort}${path}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return (await res.json()) as any;
  };
  const relayed = async () => {
    const body = await api('/api/v1/alerts?resource=relay-e2e');
    return (body.items?.[0]?.count as number | undefined) ?? 0;
  };
  let sent = 0;
  const relay = async (count: number, token = AGENT_TOKEN, base = agent!.base) => {
    for (let i = 0; i < count; i += 10) {
      const events = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({
        source: 'e2e',
        resource: 'relay-e2e',
        check: 'relay.sequence',
        severity: 'warning',
        status: 'firing',
        summary: `event ${sent + i + j}`,
      }));
      const res = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      expect(res.status).toBe(202);
    }
    sent += count;
  };

  it('registers its host, which the server places by its rules, and ships the host inventory', async () => {
    await until('the registered host CI', async () => {
      const cis = await api(`/api/v1/cis?class=host&q=${encodeURIComponent(hostname())}`);
      return (
        cis.items?.some(
          (c: any) =>
            c.attributes?.assignmentGroups?.[0] === 'e2e-ops' && c.attributes?.labels?.placed === 'yes',
        ) ?? false
      );
    });
    const services = await api('/api/v1/cis?class=service&q=e2e-shop');
    expect(services.items).toHaveLength(1);
    // The first probe cycle's inventory arrives through POST /api/v1/observations.
    await until('filesystem CIs from the agent inventory', async () => {
      const fs = await api('/api/v1/cis?class=filesystem');
      return (fs.items?.length ?? 0) > 0;
    });
  });

  it('ships relayed events', async () => {
    await relay(50);
    await until('50 events', async () => (await relayed()) === 50);
  });

  it('spools while the correlator is killed, and replays everything after its restart with zero loss', async () => {
    await run!.kill('SIGKILL');
    await relay(120);
    await until('delivery failures', async () => {
      const text = await (await fetch(`${agent!.base}/metrics`)).text();
      return metric(text, 'vigil_agent_delivery_failures_total') >= 2;
    });
    const during = await (await fetch(`${agent!.base}/metrics`)).text();
    expect(metric(during, 'vigil_agent_spool_pending_items')).toBe(120);
    run = await startVigilRun(join(dir, 'run'), runPort, ['--config', join(dir, 'run', 'vigil.yaml')]);
    await until('170 events after replay', async () => (await relayed()) >= 170);
    await new Promise((r) => setTimeout(r, 500));
    expect(await relayed()).toBe(170);
    const after = await (await fetch(`${agent!.base}/metrics`)).text();
    expect(metric(after, 'vigil_agent_spool_pending_items')).toBe(0);
    expect(metric(after, 'vigil_agent_spool_dropped_events_total')).toBe(0);
  });

  it('spools while the correlator is frozen (SIGSTOP), and replays without duplicates', async () => {
    run!.child.kill('SIGSTOP');
    await relay(30);
    await new Promise((r) => setTimeout(r, 2500));
    run!.child.kill('SIGCONT');
    await until('200 events after the freeze', async () => (await relayed()) >= 200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await relayed()).toBe(200);
  });

  it('with a wrong token: keeps events spooled, reports VIGIL_ERR_AGENT_AUTH and does not hammer', async () => {
    const w = await startAgent(join(dir, 'agent'), join(dir, 'agent', 'wrong.yaml'), wrongPort);
    agents.push(w);
    const before = await relayed();
    await relay(5, WRONG_TOKEN, w.base);
    await until('an auth failure', async () => {
      const text = await (await fetch(`${w.base}/metrics`)).text();
      return metric(text, 'vigil_agent_delivery_failures_total{outcome="auth"}') >= 1;
    });
    await new Promise((r) => setTimeout(r, 1200));
    const text = await (await fetch(`${w.base}/metrics`)).text();
    // The five events and the registration, all kept.
    expect(metric(text, 'vigil_agent_spool_pending_items')).toBe(6);
    // The longest backoff (800 ms) between attempts: a handful in 1.2 s, not hundreds.
    expect(metric(text, 'vigil_agent_delivery_failures_total{outcome="auth"}')).toBeLessThan(6);
    expect(w.output()).toContain('VIGIL_ERR_AGENT_AUTH');
    expect(w.output()).not.toContain(WRONG_TOKEN);
    expect(await relayed()).toBe(before);
  });

  it('refuses a config without agent.url, and a malformed agent section, naming the problem', {
    timeout: 60_000,
  }, async () => {
    const cases: Array<[string, string]> = [
      ['host: { enabled: false }\n', 'VIGIL_ERR_AGENT_URL_MISSING'],
      ['agent: { url: "ftp://x", token: "0123456789abcdef0" }\n', 'agent.url'],
      ['agent: { url: "http://x", token: "short" }\n', 'agent.token'],
      [
        'agent: { url: "http://x", token: "0123456789abcdef0", spool: { maxBytes: 10 } }\n',
        'agent.spool.maxBytes',
      ],
      ['agent: { url: "http://x", token: "0123456789abcdef0", bogus: 1 }\n', 'bogus'],
    ];
    await Promise.all(
      cases.map(async ([yaml, says], i) => {
        const file = join(dir, 'agent', `bad-${i}.yaml`);
        writeFileSync(file, yaml);
        const child = spawn(
          process.execPath,
          [VIGIL_BIN, 'agent', '-c', file, '--data-dir', join(dir, 'agent')],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let output = '';
        child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        expect(code, yaml).toBe(2);
        expect(output, yaml).toContain(says);
        expect(output).not.toContain('0123456789abcdef0');
      }),
    );
  });
});
