import { EVENT_LIMITS } from '../api/schemas/event-schema.js';
import { VigilError } from '../errors/vigil-error.js';
import type { NativeEvent } from '../model/event.js';
import { copyLabels, cut, resourceFromLabels, severityFromLabel, summaryFromAnnotations } from './common.js';
import type { AlertmanagerWebhook } from './schemas.js';

/** The webhook version vigil understands (Alertmanager has sent "4" since 0.5). */
export const ALERTMANAGER_WEBHOOK_VERSION = '4';

/**
 * Refuses a webhook body of another version with VIGIL_ERR_UNSUPPORTED_VERSION, before schema
 * validation, so the sender learns the real problem instead of a list of schema errors.
 */
export function checkAlertmanagerVersion(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const version = Object.hasOwn(body, 'version') ? (body as { version: unknown }).version : undefined;
  if (version === ALERTMANAGER_WEBHOOK_VERSION) return;
  throw new VigilError('VIGIL_ERR_UNSUPPORTED_VERSION', {
    what: 'Alertmanager webhook',
    version: version === undefined ? '(none)' : cut(JSON.stringify(version), 40),
    supported: ALERTMANAGER_WEBHOOK_VERSION,
  });
}

/**
 * Maps an Alertmanager webhook notification to native events, one per alert: identity is
 * Alertmanager's own alert fingerprint (`am:<fingerprint>`), status the per-alert status (a group
 * notification can mix firing and resolved alerts). Labels are the alert's own, which already
 * include the group's common labels. Pure.
 */
export function alertmanagerToEvents(body: AlertmanagerWebhook): NativeEvent[] {
  return body.alerts.map((alert) => {
    const labels = copyLabels(alert.labels);
    const alertname = Object.hasOwn(labels, 'alertname') && labels.alertname !== '' ? labels.alertname! : '';
    const check = cut(alertname || 'alertmanager.alert', EVENT_LIMITS.name);
    const resource = resourceFromLabels(labels, check);
    const annotations = alert.annotations ?? body.commonAnnotations;
    return {
      source: 'alertmanager',
      resource,
      check,
      severity: severityFromLabel(labels.severity),
      status: alert.status,
      summary: summaryFromAnnotations(annotations, `${check} ${alert.status} on ${resource}`),
      labels,
      dedupKey: `am:${alert.fingerprint}`,
    };
  });
}
