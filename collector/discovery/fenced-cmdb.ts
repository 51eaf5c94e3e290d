import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { DiscoveryCmdb } from './record-discovery.js';

/**
 * The CMDB of leased sweeps (`vigil server`): every batch is written only while `holds()` says
 * this replica still holds the timer lease (by its local clock, which errs on the safe side), and
 * is refused with VIGIL_ERR_LEASE_LOST otherwise, so a replica that was paused or partitioned
 * mid-sweep stops writing the moment its lease is over instead of racing the new holder.
 */
export function fencedCmdb(cmdb: DiscoveryCmdb, holds: () => boolean, job: string): DiscoveryCmdb {
  return {
    observe: (batch) => {
      if (!holds()) {
        return Promise.reject(
          new VigilError('VIGIL_ERR_LEASE_LOST', { what: `discovery sweep ${job} was writing to the CMDB` }),
        );
      }
      return cmdb.observe(batch);
    },
  };
}
