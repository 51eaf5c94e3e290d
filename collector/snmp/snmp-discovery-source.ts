import type { ObservationBatch } from '../../correlator/model/observation.js';
import type { DiscoverySource, DiscoveryTarget } from '../discovery/source.js';
import { type ClientTuning, SnmpClient } from './client.js';
import type { SnmpCredential } from './credential.js';
import { getSystem, walkInventory } from './inventory.js';
import { inventoryObservations } from './inventory-observations.js';
import type { SessionFactory } from './net-snmp-session.js';

/** Options of the SNMP discovery source. */
export interface SnmpDiscoveryOptions {
  /** Credential sets tried in order; the first that gets an answer is used for the inventory. */
  credentials: readonly SnmpCredential[];
  /** Timeout/retries for the first GET of each credential (short: most addresses are silent). */
  probe?: Partial<ClientTuning>;
  /** Tuning of the inventory walk once a credential works. */
  walk?: Partial<ClientTuning>;
  /** Clock for `observedAt`. */
  now?: () => number;
  factory?: SessionFactory;
}

/**
 * Discovers network devices over SNMP: tries each credential set with a GET of the system group,
 * then walks the inventory with the one that answered and returns it as CMDB observations.
 * Returns null when no credential gets an answer (nothing SNMP there, or not for us).
 */
export class SnmpDiscoverySource implements DiscoverySource {
  readonly name = 'snmp';
  readonly #options: SnmpDiscoveryOptions;

  constructor(options: SnmpDiscoveryOptions) {
    this.#options = options;
  }

  async probe(
    target: DiscoveryTarget,
    signal: AbortSignal,
    progress: (step: string) => void,
  ): Promise<ObservationBatch | null> {
    const where = { host: target.host, port: target.port ?? 161 };
    for (const credential of this.#options.credentials) {
      if (signal.aborted) return null;
      const probeClient = new SnmpClient(
        where,
        credential,
        { timeoutMs: 1000, retries: 1, ...this.#options.probe },
        this.#options.factory,
      );
      let system: Awaited<ReturnType<typeof getSystem>>;
      try {
        system = await getSystem(probeClient);
      } catch {
        // Silent or refused with this credential: try the next one.
        continue;
      } finally {
        probeClient.close();
      }
      if (system.length === 0) continue;
      progress(`${target.host}: walking inventory with ${credential.name}`);
      const client = new SnmpClient(where, credential, { ...this.#options.walk }, this.#options.factory);
      try {
        const inventory = await walkInventory(client, system);
        return inventoryObservations(inventory, (this.#options.now ?? Date.now)());
      } finally {
        client.close();
      }
    }
    return null;
  }
}
