import { VigilError } from '../../errors/vigil-error.js';

/**
 * Refuses a batch with more items than `server.limits.batchEvents` (VIGIL_ERR_BATCH_TOO_LARGE), and
 * an empty one unless `allowEmpty`; anything that is not an array is left to schema validation.
 * Runs in `preValidation`, before the schema walks thousands of items.
 */
export function checkBatchSize(items: unknown, limit: number, allowEmpty = false): void {
  if (!Array.isArray(items)) return;
  if (items.length === 0 && !allowEmpty) throw new VigilError('VIGIL_ERR_EMPTY_BATCH');
  if (items.length > limit) throw new VigilError('VIGIL_ERR_BATCH_TOO_LARGE', { count: items.length, limit });
}
