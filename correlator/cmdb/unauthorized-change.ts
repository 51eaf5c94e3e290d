import type { NativeEvent } from '../model/event.js';
import type { CiHistoryEntry, CiRecord } from '../model/records.js';

/** The check name of unauthorised-change events (DESIGN.md "Changes"). */
export const UNAUTHORIZED_CHANGE_CHECK = 'config.unauthorized_change';

/** Longest rendering of a value in the event summary; attribute values can be large. */
const VALUE_CHARS = 80;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}...` : text;
}

/**
 * The event raised when a CI attribute changed and no change record covered the CI at the time:
 * one alert per CI and attribute (its labels), so repeated changes of one attribute count up on it.
 */
export function unauthorizedChangeEvent(ci: CiRecord, change: CiHistoryEntry): NativeEvent {
  return {
    source: 'cmdb',
    resource: ci.name,
    check: UNAUTHORIZED_CHANGE_CHECK,
    severity: 'warning',
    status: 'firing',
    summary: `${ci.class} ${ci.name} (${ci.id}): ${change.attribute} changed from ${show(change.oldValue)} to ${show(change.newValue)} (source ${change.source}) with no change record covering it`,
    labels: { ci: ci.id, attribute: change.attribute },
    time: new Date(change.at).toISOString(),
  };
}
