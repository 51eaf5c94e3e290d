import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as users run it. */
export const VIGIL_BIN = fileURLToPath(new URL('../../dist/bin/vigil.js', import.meta.url));

/** A free TCP port on 127.0.0.1 (bound and released; the caller uses it right away). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running `vigil` child process with its captured output. */
export interface VigilProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  /** Sends a signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `vigil run` in `dataDir` on `port` and waits until `/readyz` answers 200 (bounded). */
export async function startVigilRun(
  dataDir: string,
  port: number,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<VigilProcess> {
  const child = spawn(
    process.execPath,
    [VIGIL_BIN, 'run', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, ...extraArgs],
    { cwd: dataDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigil run exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vigil run did not become ready within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    output: () => output,
    kill: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Reads the admin token `vigil run` generated in its data directory. */
export function adminToken(dataDir: string): string {
  return readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
}

/**
 * Calls the API of a `vigil run` started in `dataDir` with its generated admin token; JSON bodies.
 * Answers the status and the parsed body.
 */
export function adminApi(port: number, dataDir: string) {
  return async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${adminToken(dataDir)}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

/**
 * Polls `probe` every `everyMs` until it returns a value; after `timeoutMs` fails with `explain()`
 * (the process output), so a slow machine shows why instead of a bare timeout.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  explain: () => string,
  timeoutMs = 20_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs / 1000} s; vigil output:\n${explain()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
