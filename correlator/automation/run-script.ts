import { spawn } from 'node:child_process';
import { BoundedOutput } from './bounded-output.js';
import type { ActionResult } from './change.js';

/** Grace between SIGTERM and SIGKILL when a script overruns its timeout. */
const KILL_GRACE_MS = 2000;

/**
 * Runs an allow-listed program with an argv array and no shell (`shell: false`: Node's
 * `child_process` passes each element to execve as one argument, so `; rm -rf /` or `$(...)` in
 * an argument are just text). The program runs in its own process group with an empty stdin and a
 * minimal environment; on timeout the whole group gets SIGTERM, then SIGKILL. Output is bounded.
 */
export function runScript(
  path: string,
  argv: readonly string[],
  options: { timeoutMs: number; maxOutputBytes: number; env?: Record<string, string> },
): Promise<ActionResult> {
  const started = performance.now();
  const stdout = new BoundedOutput(options.maxOutputBytes);
  const stderr = new BoundedOutput(options.maxOutputBytes);
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const finish = (exitCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({
        ok: error === null && exitCode === 0 && !timedOut,
        exitCode,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
        timedOut,
        error: timedOut ? `timed out after ${options.timeoutMs} ms` : error,
      });
    };
    let killer: NodeJS.Timeout | undefined;
    const child = spawn(path, [...argv], {
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM');
      killer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => finish(null, `cannot start ${path}: ${error.message}`));
    child.on('close', (code, signal) => {
      // Children the script left behind in its group must not outlive the run.
      signalGroup('SIGKILL');
      finish(code, signal && !timedOut ? `killed by ${signal}` : null);
    });
  });
}
