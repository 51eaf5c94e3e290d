import { randomUUID } from 'node:crypto';
import type { NormalisedEvent } from '../../model/event.js';
import { fingerprint } from '../../model/fingerprint.js';

/** The two announcements of a maintenance window. */
export type MaintenanceEventName = 'maintenance.started' | 'maintenance.ended';

/**
 * The event announcing that a window started or ended: source `vigil`, check `maintenance`,
 * resource `maintenance:<name>`, severity `info` (it opens no incident), firing while the window
 * is open and resolved when it ends, so the window is one alert with its own history and both
 * announcements are in the raw event log. The label `event` carries the name.
 */
export function maintenanceEvent(
  name: string,
  event: MaintenanceEventName,
  now: number,
  detail: string,
): NormalisedEvent {
  const identity = {
    source: 'vigil',
    resource: `maintenance:${name}`,
    check: 'maintenance',
    labels: { window: name },
  };
  return {
    id: randomUUID(),
    clientId: false,
    fingerprint: fingerprint(identity),
    source: identity.source,
    resource: identity.resource,
    check: identity.check,
    severity: 'info',
    status: event === 'maintenance.started' ? 'firing' : 'resolved',
    summary: `${event}: ${detail}`,
    labels: { window: name, event },
    time: now,
    receivedAt: now,
    expiresAt: null,
  };
}
