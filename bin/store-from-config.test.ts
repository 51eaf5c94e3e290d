import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/load.js';
import { SqliteStore } from '../correlator/store/sqlite/sqlite-store.js';
import { storeFromConfig } from './store-from-config.js';

describe('storeFromConfig', () => {
  it('sizes the embedded store read cache from store.cache, and from its defaults without it', async () => {
    for (const [yaml, expected] of [
      [
        'store: { path: ":memory:", cache: { alerts: 120000, incidents: 100000 } }\n',
        { alerts: 120_000, incidents: 100_000 },
      ],
      ['store: { path: ":memory:" }\n', { alerts: 20_000, incidents: 10_000 }],
    ] as const) {
      const config = await loadConfigText(yaml, '/etc/vigil/vigil.yaml', { env: {}, cwd: '/' });
      const { store } = storeFromConfig(config.store);
      try {
        expect(store).toBeInstanceOf(SqliteStore);
        expect((store as SqliteStore).cacheCapacity).toEqual(expected);
      } finally {
        await store.close();
      }
    }
  });
});
