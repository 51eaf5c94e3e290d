import { EVENT_LIMITS } from '../api/schemas/event-schema.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent } from '../model/event.js';
import type { AlertRecord } from '../model/records.js';
import type { Severity } from '../model/severity.js';
import { cut } from './common.js';
import type { PagerDutyEvent } from './schemas.js';

const SEVERITY: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  error: 'major',
  warning: 'warning',
  info: 'info',
};

/** Most `custom_details` entries copied into labels (`details.<key>`); the rest stay with the sender. */
export const MAX_DETAIL_LABELS = 32;

/** The vigil identity of a PagerDuty dedup key. */
export const pagerDutyKey = (dedupKey: string): string => `pd:${dedupKey}`;

/** What one PagerDuty event asks vigil to do. */
export type PagerDutyCommand =
  | { action: 'trigger'; dedupKey: string; event: NativeEvent }
  | { action: 'resolve' | 'acknowledge'; dedupKey: string };

/**
 * Maps a PagerDuty Events API v2 event to what vigil does with it. `trigger` becomes a firing
 * event keyed `pd:<dedup_key>` (a key from `newKey` when the sender gave none, as PagerDuty does);
 * `resolve` and `acknowledge` name the alert by its dedup key and are applied to what is stored.
 * Pure; throws VIGIL_ERR_VALIDATION for a trigger without payload, or a resolve / acknowledge
 * without `dedup_key` (PagerDuty refuses both too).
 */
export function pagerDutyToCommand(body: PagerDutyEvent, newKey: () => string): PagerDutyCommand {
  if (body.event_action !== 'trigger') {
    if (body.dedup_key === undefined) {
      throw new VigilError('VIGIL_ERR_VALIDATION', {
        reason: `/dedup_key is required for event_action "${body.event_action}"`,
      });
    }
    return { action: body.event_action, dedupKey: body.dedup_key };
  }
  const payload = body.payload;
  if (payload === undefined) {
    throw new VigilError('VIGIL_ERR_VALIDATION', {
      reason: '/payload is required for event_action "trigger"',
    });
  }
  const dedupKey = body.dedup_key ?? newKey();
  const labels: Record<string, string> = {};
  for (const name of ['component', 'group', 'class'] as const) {
    const value = payload[name];
    if (value !== undefined && value !== '') labels[name] = value;
  }
  Object.assign(labels, detailLabels(payload.custom_details));
  return {
    action: 'trigger',
    dedupKey,
    event: {
      source: 'pagerduty',
      resource: payload.source,
      check: cut(payload.class || payload.component || 'pagerduty.event', EVENT_LIMITS.name),
      severity: SEVERITY[payload.severity] ?? 'warning',
      status: 'firing',
      summary: payload.summary,
      labels,
      dedupKey: pagerDutyKey(dedupKey),
    },
  };
}

/**
 * The recovery of a stored PagerDuty alert (`resolve`): same identity and description, resolved.
 */
export function pagerDutyResolveEvent(alert: AlertRecord, dedupKey: string): NativeEvent {
  return {
    source: alert.source,
    resource: alert.resource,
    check: alert.check,
    severity: alert.severity,
    status: 'resolved',
    summary: alert.summary,
    labels: alert.labels,
    dedupKey: pagerDutyKey(dedupKey),
  };
}

/**
 * Top-level scalar `custom_details` as labels `details.<key>` (sorted, at most MAX_DETAIL_LABELS,
 * values cut to the label limit); nested values and over-long keys are left out.
 */
function detailLabels(details: unknown): Record<string, string> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return {};
  const entries: Array<[string, string]> = [];
  for (const key of Object.keys(details).sort()) {
    if (entries.length >= MAX_DETAIL_LABELS) break;
    const value = (details as Record<string, unknown>)[key];
    if (key.length > 100 || !['string', 'number', 'boolean'].includes(typeof value)) continue;
    entries.push([`details.${key}`, cut(String(value), EVENT_LIMITS.labelValue)]);
  }
  return Object.fromEntries(entries);
}
