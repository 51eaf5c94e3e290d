import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The path of the first of `names` found on PATH, or an Error saying how to get it. End-to-end
 * tests that drive a real tool fail with this message instead of skipping: CI installs the tools.
 */
export function findBinary(names: string[], debianPackage: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    `${names.join(' / ')} not found on PATH: install the Debian package ${debianPackage} (bash .ci/test installs it).`,
  );
}

/** A child process started by a test, with its output captured for failure messages. */
export interface TestChild {
  child: ChildProcess;
  output: () => string;
  /** Kills it by PID with SIGKILL (if still running) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `bin args` in `cwd`, capturing stdout and stderr (the last 64 KiB). */
export function startChild(bin: string, args: string[], cwd: string): TestChild {
  const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  explain: () => string = () => '',
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${explain()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
