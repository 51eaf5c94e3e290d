import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { DiscoverySource, DiscoveryTarget } from '../discovery/source.js';
import { discoverOverSsh, type SshDiscoveryOptions } from './discover.js';

/**
 * SSH as a `vigil discover` source (`--ssh-user`, `--ssh-key`, `--ssh-known-hosts`): inventories
 * the host at an address over SSH. Nothing listening for SSH (connection refused or timed out)
 * means "nothing to talk to" (null); a host that answers but refuses the key or the login is a
 * failure reported for that target, with the host key's fingerprint in the message.
 */
export class SshDiscoverySource implements DiscoverySource {
  readonly name = 'ssh';
  readonly #options: SshDiscoveryOptions;

  constructor(options: SshDiscoveryOptions) {
    this.#options = options;
  }

  async probe(
    target: DiscoveryTarget,
    signal: AbortSignal,
    progress: (step: string) => void,
  ): Promise<ObservationBatch | null> {
    signal.throwIfAborted();
    progress('ssh inventory');
    const address = target.port === undefined ? target.host : `${target.host}:${target.port}`;
    const [result] = await discoverOverSsh([address], { ...this.#options, concurrency: 1 });
    if (!result) return null;
    if ('batch' in result) return result.batch;
    if (result.error.code === 'VIGIL_ERR_SSH_CONNECT_FAILED') return null;
    throw result.error;
  }
}
