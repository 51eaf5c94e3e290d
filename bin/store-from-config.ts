import type { RedisStoreConfig, SqliteStoreConfig } from '../config/types.js';
import type { Store } from '../correlator/store/contract.js';
import { persistenceWarning } from '../correlator/store/redis/persistence.js';
import { RedisStore } from '../correlator/store/redis/redis-store.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';

/** A store as the process entry uses it: the contract plus raw-event retention and a label. */
export interface ConfiguredStore {
  store: Store;
  /** Deletes raw events older than `before`; returns how many went. */
  pruneEvents(before: number): Promise<number>;
  /** Where state lives, for the banner and logs (never a password). */
  where: string;
  /** Why acknowledged events could be lost with this store's settings, if they could. */
  durabilityWarning(): Promise<string | null>;
}

/** Builds the store the `store:` section asks for (sqlite file or Redis URL). */
export function storeFromConfig(config: SqliteStoreConfig | RedisStoreConfig): ConfiguredStore {
  if (config.kind === 'redis') {
    const store = new RedisStore({ url: config.url, prefix: config.keyPrefix });
    const url = new URL(config.url);
    return {
      store,
      pruneEvents: (before) => store.pruneEvents(before),
      durabilityWarning: () => persistenceWarning(store.redis),
      where: `redis ${url.protocol}//${url.host}${url.pathname} (keys {${config.keyPrefix}}:*)`,
    };
  }
  const store = new SqliteStore({
    path: config.path,
    synchronous: config.synchronous,
    cacheAlerts: config.cache.alerts,
    cacheIncidents: config.cache.incidents,
  });
  return {
    store,
    pruneEvents: async (before) => store.pruneEvents(before),
    where: config.path,
    durabilityWarning: async () =>
      config.path === ':memory:' ? 'store.path is :memory:: nothing survives a restart.' : null,
  };
}
