import { type ChildProcess, spawn } from 'node:child_process';
import { VIGIL_BIN } from './vigil-process.js';

/** A running `vigil agent` child process. */
export interface AgentProcess {
  child: ChildProcess;
  /** Its local API (`/healthz`, `/metrics`, the event relay). */
  base: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `vigil agent -c config` in `dir` and waits until its `/healthz` on `port` answers (bounded). */
export async function startAgent(dir: string, config: string, port: number): Promise<AgentProcess> {
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

/** The value of a metric line (`name` or `name{labels}`) in Prometheus text, 0 when absent. */
export function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
