import { describe, expect, it } from 'vitest';
import type { ObservationBatch } from '../../correlator/model/observation.js';
import { fencedCmdb } from './fenced-cmdb.js';

describe('fencedCmdb (CMDB writes of leased sweeps)', () => {
  it('writes while the lease is held and refuses with VIGIL_ERR_LEASE_LOST once it is not', async () => {
    const written: ObservationBatch[] = [];
    let held = true;
    const cmdb = fencedCmdb(
      {
        observe: async (batch) => {
          written.push(batch);
          return { created: 1, updated: 0 };
        },
      },
      () => held,
      'lab-sweep',
    );
    const batch = { source: 'discovery', observations: [] } as unknown as ObservationBatch;
    expect(await cmdb.observe(batch)).toEqual({ created: 1, updated: 0 });
    held = false;
    const refused = await cmdb.observe(batch).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VIGIL_ERR_LEASE_LOST' });
    expect(String((refused as Error).message)).toContain('discovery sweep lab-sweep was writing to the CMDB');
    expect(String((refused as Error).message)).toContain('raise store.lease.ttl');
    expect(written).toHaveLength(1);
  });
});
