import type { ChangeStore } from '../store/change-store.js';
import type { Store } from '../store/contract.js';
import type { IncidentFacts } from './match.js';

/**
 * Reads what rules match and render against: the stored incident, its first firing alert (else its
 * first alert) and its first CI. Null when the incident does not exist.
 */
export async function loadFacts(
  store: Store & ChangeStore,
  incidentId: string,
): Promise<IncidentFacts | null> {
  const incident = await store.getIncident(incidentId);
  if (!incident) return null;
  const fingerprint = incident.firingFingerprints[0] ?? incident.alertFingerprints[0];
  const ciId = incident.ciIds[0];
  const [alert, ci] = await Promise.all([
    fingerprint ? store.getAlert(fingerprint) : null,
    ciId ? store.getCi(ciId) : null,
  ]);
  return { incident, alert, ci };
}
