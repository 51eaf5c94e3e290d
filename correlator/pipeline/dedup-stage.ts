import type { Batch, Stage } from './batch.js';
import { dedup } from './dedup.js';

/**
 * Pipeline stage: folds each event into its alert, in order, so several events of one alert in a
 * batch behave as if sent one by one. Events whose client id is already stored (or repeated in
 * the batch) are idempotent retries: acknowledged, not applied again.
 */
export const dedupStage: Stage = {
  name: 'dedup',
  async run(batch: Batch): Promise<void> {
    const seenIds = new Set(batch.state.knownEventIds);
    batch.events.forEach((event, index) => {
      const clientId = batch.input[index]?.id;
      if (clientId !== undefined && seenIds.has(clientId)) {
        batch.duplicates.add(index);
        batch.receipts[index] = {
          id: event.id,
          fingerprint: event.fingerprint,
          status: 'duplicate',
          decision: 'duplicate_id',
          incidentId: batch.alerts.get(event.fingerprint)?.incidentId ?? null,
        };
        return;
      }
      if (clientId !== undefined) seenIds.add(clientId);
      const result = dedup(batch.alerts.get(event.fingerprint), event);
      batch.alerts.set(event.fingerprint, result.alert);
      batch.outcomes.push({ index, result });
      batch.receipts[index] = {
        id: event.id,
        fingerprint: event.fingerprint,
        status: 'accepted',
        decision: result.decision,
        incidentId: result.alert.incidentId,
      };
    });
  },
};
