import type ssh2 from 'ssh2';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { HostKeyTrust } from './host-key-policy.js';
import { Semaphore } from './semaphore.js';

/** Retries of a refused channel (the server's MaxSessions reached by someone else). */
const CHANNEL_RETRIES = 5;
const CHANNEL_RETRY_MS = 200;

/**
 * One open SSH connection, shared by every command to its host. A semaphore keeps open
 * channels under the server's MaxSessions; a refused channel is retried, not reconnected.
 */
export class SshConnection {
  readonly client: ssh2.Client;
  readonly hostKey: HostKeyTrust;
  readonly host: string;
  readonly #sessions: Semaphore;
  #closed = false;

  constructor(opened: { client: ssh2.Client; hostKey: HostKeyTrust }, host: string, maxSessions: number) {
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
  async exec(
    command: string,
    options: ssh2.ExecOptions = {},
  ): Promise<{ stream: ssh2.ClientChannel; release: () => void }> {
    const release = await this.#sessions.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.#closed) throw this.#failed('the connection is closed');
        try {
          const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => {
            this.client.exec(command, options, (error, channel) =>
              error ? reject(error) : resolve(channel),
            );
          });
          return { stream, release };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (!/open failed|Channel open failure/i.test(message) || attempt >= CHANNEL_RETRIES)
            throw this.#failed(message);
          await new Promise((r) => setTimeout(r, CHANNEL_RETRY_MS * (attempt + 1)));
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
