import { isOpenStatus } from '../model/itil.js';
import type { Batch, Stage } from '../pipeline/batch.js';
import { withReason } from '../pipeline/dedup.js';
import type { Store } from '../store/contract.js';

/**
 * Pipeline stage after the incident stage: attaches each topology symptom to the open incident of
 * its parent's down alert (the incident may have been opened by this very batch): the alert joins
 * the incident's alerts (not its firing ones, so it neither holds the incident open nor resolves
 * it), the incident's timeline says so, and the alert names the incident. A parent without an open
 * incident (itself suppressed, say) leaves the symptom suppressed and unattached; an alert with an
 * open incident of its own stays with it.
 */
export function symptomStage(store: Store): Stage {
  return {
    name: 'symptoms',
    async run(batch: Batch): Promise<void> {
      for (const { fingerprint, parent } of batch.symptoms) {
        const alert = batch.alerts.get(fingerprint);
        if (alert?.state !== 'suppressed') continue;
        const parentAlert = batch.alerts.get(parent) ?? (await store.getAlert(parent));
        const incidentId = parentAlert?.incidentId;
        if (!incidentId || alert.incidentId === incidentId) continue;
        // An alert that already has an open incident of its own keeps it (it is only kept from churning).
        if (alert.incidentId !== null) {
          const own = batch.incidents.get(alert.incidentId) ?? (await store.getIncident(alert.incidentId));
          if (own && isOpenStatus(own.status)) continue;
        }
        let incident = batch.incidents.get(incidentId);
        if (!incident) {
          const stored = await store.getIncident(incidentId);
          if (!stored) continue;
          batch.state.incidents.set(incidentId, stored);
          incident = stored;
        }
        if (!isOpenStatus(incident.status)) continue;
        const next = {
          ...incident,
          updatedAt: batch.now,
          alertFingerprints: incident.alertFingerprints.includes(fingerprint)
            ? incident.alertFingerprints
            : [...incident.alertFingerprints, fingerprint],
        };
        batch.incidents.set(incidentId, next);
        batch.timeline.push({
          incidentId,
          entry: {
            at: batch.now,
            actor: 'vigil',
            action: 'symptom_attached',
            fromStatus: incident.status,
            toStatus: incident.status,
            detail: `alert ${fingerprint} (${alert.check} on ${alert.resource}) is a symptom of ${parentAlert.resource} being down`,
          },
        });
        alert.incidentId = incidentId;
        alert.reasons = withReason(alert.reasons, {
          at: batch.now,
          by: 'topology',
          reason: 'attached_to_incident',
          detail: `symptom attached to ${incidentId}`,
        });
      }
    },
  };
}
