import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { SshConnectionPool } from './connection-pool.js';
import type { HostKeyTrust } from './host-key-policy.js';
import { REMOTE_TIMEOUT_EXIT_CODES, REMOTE_TIMEOUT_SIGNALS, remoteCommandLine } from './remote-command.js';
import type { SshTarget } from './ssh-target.js';

/** Limits of one remote command. */
export interface RunOptions {
  /** Wall-clock limit; the remote `timeout` and a local backstop enforce it. Default 30 s. */
  timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each; more stops the command. Default 1 MiB. */
  maxOutputBytes?: number;
}

/** What a remote command did. */
export interface RunResult {
  /** Exit status, or `null` when it ended by a signal or was cut off. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Output went over `maxOutputBytes` and the command was stopped. */
  truncated: boolean;
  durationMs: number;
  timedOut: boolean;
}

/** Grace periods of the local backstop; defaults suit real servers, tests shorten them. */
export interface RunnerTiming {
  /** Time the remote `timeout` (whole seconds, then -k 2) gets to act first; default 3.5 s. */
  backstopGraceMs?: number;
  /** Time a stopped channel gets to close before the whole connection is dropped; default 2 s. */
  closeGraceMs?: number;
}

/**
 * Runs argv on SSH targets over pooled connections. Each element is quoted for the remote
 * shell (see `shell-quote.ts`), so values from events are data, never code. A timeout really
 * stops the remote command: the remote `timeout -k` kills it; if that is missing or too slow,
 * the local backstop signals KILL (works for non-root logins), closes the channel and, if the
 * channel does not close, drops the connection. Output is bounded.
 */
export class SshCommandRunner {
  readonly #pool: SshConnectionPool;
  readonly #backstopGraceMs: number;
  readonly #closeGraceMs: number;

  constructor(pool: SshConnectionPool, timing: RunnerTiming = {}) {
    this.#pool = pool;
    this.#backstopGraceMs = timing.backstopGraceMs ?? 3500;
    this.#closeGraceMs = timing.closeGraceMs ?? 2000;
  }

  /** How the target's host key was trusted (opens or reuses its connection). */
  async hostKeyOf(target: SshTarget): Promise<HostKeyTrust> {
    return (await this.#pool.get(target)).hostKey;
  }

  /** Runs `argv` on `target`. Rejects with VIGIL_ERR_SSH_* only when it could not run at all. */
  async run(target: SshTarget, argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const maxOutputBytes = options.maxOutputBytes ?? 1024 * 1024;
    const command = remoteCommandLine(argv, timeoutMs / 1000);
    const connection = await this.#pool.get(target);
    const started = performance.now();
    const { stream, release, exit } = await connection.exec(command);
    return new Promise<RunResult>((resolve, reject) => {
      const out = new BoundedBuffer(maxOutputBytes);
      const err = new BoundedBuffer(maxOutputBytes);
      let stopped: 'timeout' | 'output' | undefined;
      let closeTimer: NodeJS.Timeout | undefined;
      const stop = (why: 'timeout' | 'output') => {
        if (stopped) return;
        stopped = why;
        stream.signal('KILL');
        stream.close();
        closeTimer = setTimeout(() => {
          // The channel is stuck (root login, no remote timeout): drop the connection.
          void this.#pool.drop(target);
          finish();
        }, this.#closeGraceMs);
      };
      const backstop = setTimeout(() => stop('timeout'), timeoutMs + this.#backstopGraceMs);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(backstop);
        if (closeTimer) clearTimeout(closeTimer);
        release();
        const durationMs = performance.now() - started;
        if (!exit.seen && !stopped) {
          reject(
            new VigilError('VIGIL_ERR_SSH_COMMAND_FAILED', {
              host: target.host,
              reason: 'the connection closed before the command exited',
            }),
          );
          return;
        }
        const exitCode = exit.code;
        const remoteTimeout =
          durationMs >= timeoutMs - 100 &&
          ((exitCode !== null && REMOTE_TIMEOUT_EXIT_CODES.has(exitCode)) ||
            (exit.signal !== null && REMOTE_TIMEOUT_SIGNALS.has(exit.signal)));
        resolve({
          exitCode,
          signal: exit.signal,
          stdout: out.text(),
          stderr: err.text(),
          truncated: out.truncated || err.truncated,
          durationMs,
          timedOut: stopped === 'timeout' || remoteTimeout,
        });
      };
      stream.on('data', (chunk: Buffer) => {
        if (!out.push(chunk)) stop('output');
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        if (!err.push(chunk)) stop('output');
      });
      stream.on('error', () => undefined);
      stream.on('close', finish);
    });
  }
}

/** Keeps the first `limit` bytes; reports overflow. */
class BoundedBuffer {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  truncated = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Adds a chunk; false once the limit is passed. */
  push(chunk: Buffer): boolean {
    if (this.truncated) return false;
    const room = this.#limit - this.#size;
    if (chunk.length > room) {
      this.#chunks.push(chunk.subarray(0, room));
      this.#size = this.#limit;
      this.truncated = true;
      return false;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return true;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
