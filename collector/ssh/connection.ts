import type ssh2 from 'ssh2';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { HostKeyTrust } from './host-key-policy.js';
import { Semaphore } from './semaphore.js';

/** Retries of a refused channel (the server's MaxSessions reached by someone else). */
const CHANNEL_RETRIES = 5;

/** The exit status of a channel, filled in when the server reports it. */
export interface ExitStatus {
  seen: boolean;
  code: number | null;
  signal: string | null;
}

/** An exec channel holding a session slot; `release` it once the channel has closed. */
export interface OpenChannel {
  stream: ssh2.ClientChannel;
  release: () => void;
  exit: ExitStatus;
}

/**
 * One open SSH connection, shared by every command to its host. A semaphore keeps open
 * channels under the server's MaxSessions; a refused channel is retried, not reconnected.
 */
export class SshConnection {
  readonly client: ssh2.Client;
  readonly hostKey: HostKeyTrust;
  readonly host: string;
  readonly #sessions: Semaphore;
  readonly #retryMs: number;
  #closed = false;

  /** `channelRetryMs`: the first wait after a refused channel; later waits grow linearly. */
  constructor(
    opened: { client: ssh2.Client; hostKey: HostKeyTrust },
    host: string,
    maxSessions: number,
    channelRetryMs = 200,
  ) {
    this.#retryMs = channelRetryMs;
    this.client = opened.client;
    this.hostKey = opened.hostKey;
    this.host = host;
    this.#sessions = new Semaphore(maxSessions);
    this.client.on('close', () => {
      this.#closed = true;
    });
    // Errors after 'ready' (keepalive timeout, reset) end in 'close'; listening keeps them from throwing.
    this.client.on('error', () => undefined);
  }

  /** False once the connection dropped; the pool then opens a new one. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Channels in use right now. */
  get sessionsInUse(): number {
    return this.#sessions.held;
  }

  /**
   * Opens an exec channel holding a session slot; `release` must be called when the channel
   * has closed. Rejects with VIGIL_ERR_SSH_COMMAND_FAILED when the server keeps refusing.
   */
  async exec(command: string, options: ssh2.ExecOptions = {}): Promise<OpenChannel> {
    const release = await this.#sessions.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.#closed) throw this.#failed('the connection is closed');
        try {
          return await new Promise<OpenChannel>((resolve, reject) => {
            this.client.exec(command, options, (error, stream) => {
              if (error) return reject(error);
              // The exit status can arrive in the same packet batch, before a caller awaiting
              // this promise could listen: record it synchronously.
              const exit: ExitStatus = { seen: false, code: null, signal: null };
              stream.once('exit', (code: number | null, signal?: string) => {
                exit.seen = true;
                exit.code = typeof code === 'number' ? code : null;
                exit.signal = signal ?? null;
              });
              resolve({ stream, release, exit });
            });
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (this.#closed)
            throw this.#failed(
              `the connection dropped before the command started (${message}); a keepalive timeout or a network fault`,
            );
          if (/Unable to exec/i.test(message))
            throw this.#failed(
              "the server refused the exec request; check sshd_config (ForceCommand, Match blocks) and the account's restrictions (authorized_keys command=, a nologin shell)",
            );
          if (!/open failed|Channel open failure/i.test(message)) throw this.#failed(message);
          if (attempt >= CHANNEL_RETRIES)
            throw this.#failed(
              `the server refused a session channel ${attempt + 1} times (${message}); lower ssh.maxSessions below the server's MaxSessions or check its sshd_config`,
            );
          await new Promise((r) => setTimeout(r, this.#retryMs * (attempt + 1)));
        }
      }
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Closes the connection (a running command's channel goes with it). */
  close(): void {
    this.#closed = true;
    this.client.end();
  }

  #failed(reason: string): VigilError {
    return new VigilError('VIGIL_ERR_SSH_COMMAND_FAILED', { host: this.host, reason });
  }
}
