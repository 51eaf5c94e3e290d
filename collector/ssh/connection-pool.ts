import type { Duplex } from 'node:stream';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { openClient } from './connect.js';
import { SshConnection } from './connection.js';
import type { HostKeyPolicy } from './host-key-policy.js';
import { type SshConnectOptions, type SshTarget, targetKey } from './ssh-target.js';

/**
 * One SSH connection per (user, host, port, jump path), opened on first use and reused by every
 * later command; a dropped connection is replaced on the next use. Jump hosts are pooled too,
 * so a hundred targets behind one bastion share one bastion connection.
 */
export class SshConnectionPool {
  readonly #policy: HostKeyPolicy;
  readonly #options: SshConnectOptions;
  readonly #connections = new Map<string, Promise<SshConnection>>();

  constructor(policy: HostKeyPolicy, options: SshConnectOptions = {}) {
    this.#policy = policy;
    this.#options = options;
  }

  /** The known_hosts policy the pool verifies with. */
  get policy(): HostKeyPolicy {
    return this.#policy;
  }

  /** An open connection to `target` (shared), opening it if needed. */
  async get(target: SshTarget): Promise<SshConnection> {
    const key = targetKey(target);
    const existing = this.#connections.get(key);
    if (existing) {
      const connection = await existing.catch(() => undefined);
      if (connection?.open) return connection;
      if (this.#connections.get(key) === existing) this.#connections.delete(key);
      return this.get(target);
    }
    const opening = this.#open(target);
    this.#connections.set(key, opening);
    opening.catch(() => {
      if (this.#connections.get(key) === opening) this.#connections.delete(key);
    });
    return opening;
  }

  /** Closes one target's connection (after a timeout that could not stop the remote command). */
  async drop(target: SshTarget): Promise<void> {
    const key = targetKey(target);
    const pending = this.#connections.get(key);
    this.#connections.delete(key);
    (await pending?.catch(() => undefined))?.close();
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    for (const pending of all) (await pending.catch(() => undefined))?.close();
  }

  async #open(target: SshTarget): Promise<SshConnection> {
    const sock = target.jump ? await this.#tunnel(target) : undefined;
    const opened = await openClient(target, this.#policy, this.#options, sock);
    return new SshConnection(
      opened,
      target.host,
      this.#options.maxSessionsPerHost ?? 8,
      this.#options.channelRetryMs,
    );
  }

  /** A TCP stream to the target opened through its (pooled) jump host (`direct-tcpip`). */
  async #tunnel(target: SshTarget): Promise<Duplex> {
    const jump = await this.get(target.jump!);
    const port = target.port ?? 22;
    return new Promise<Duplex>((resolve, reject) => {
      jump.client.forwardOut('127.0.0.1', 0, target.host, port, (error, stream) => {
        if (error) {
          reject(
            new VigilError('VIGIL_ERR_SSH_CONNECT_FAILED', {
              host: target.host,
              port,
              reason: `jump host ${target.jump!.host} cannot open a tunnel: ${error.message}`,
            }),
          );
        } else resolve(stream);
      });
    });
  }
}
