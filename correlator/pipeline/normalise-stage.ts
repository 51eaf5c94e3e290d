import { randomUUID } from 'node:crypto';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent, NormalisedEvent } from '../model/event.js';
import { fingerprint } from '../model/fingerprint.js';
import type { Batch, Stage } from './batch.js';

/** Events may claim a time at most this far in the future; later times are clamped (clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Turns a native event into its normalised form: id, fingerprint, defaults, times as numbers.
 * `ok` severity is a recovery whatever the status says. Throws VIGIL_ERR_VALIDATION on a time
 * that cannot be parsed (the API schema rejects those earlier; internal producers are checked here).
 */
export function normaliseEvent(event: NativeEvent, receivedAt: number, index = 0): NormalisedEvent {
  let time = receivedAt;
  if (event.time !== undefined) {
    time = Date.parse(event.time);
    if (Number.isNaN(time)) {
      throw new VigilError('VIGIL_ERR_VALIDATION', {
        reason: `events[${index}].time "${event.time}" is not an ISO-8601 time`,
      });
    }
    time = Math.min(time, receivedAt + MAX_FUTURE_SKEW_MS);
  }
  const labels = event.labels ?? {};
  const status = event.severity === 'ok' ? 'resolved' : event.status;
  const normalised: NormalisedEvent = {
    id: event.id ?? randomUUID(),
    clientId: event.id !== undefined,
    fingerprint: fingerprint(event),
    source: event.source,
    resource: event.resource,
    check: event.check,
    severity: event.severity,
    status,
    summary: event.summary ?? `${event.check} ${status} on ${event.resource}`,
    labels,
    time,
    receivedAt,
  };
  if (event.expiresAt !== undefined) normalised.expiresAt = status === 'firing' ? event.expiresAt : null;
  return normalised;
}

/** Pipeline stage: normalise every input event. */
export const normaliseStage: Stage = {
  name: 'normalise',
  async run(batch: Batch): Promise<void> {
    // Timer work hands the pipeline events it built itself, and the refresh path the events it
    // left to the stages, already normalised.
    if (batch.events.length > 0 || batch.refreshed) return;
    batch.events = batch.input.map((event, i) => normaliseEvent(event, batch.now, i));
  },
};
