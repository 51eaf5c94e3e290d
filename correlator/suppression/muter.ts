import type { AlertRecord } from '../model/records.js';

/** The suppression mechanisms, in the order they are consulted; also the bounded metric label. */
export const SUPPRESSION_KINDS = ['maintenance', 'silence', 'inhibition', 'topology'] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];

/** Why an alert is muted right now: which mechanism, which silence/window/rule, and in words. */
export interface Mute {
  kind: SuppressionKind;
  /** The silence id, maintenance window name or inhibition rule name. */
  name: string;
  /** Human-readable explanation, stored as the reason's detail. */
  detail: string;
  /** The reason code, when the mechanism has several (topology: `symptom_of` or `awaiting_parent`). */
  reason?: string;
  /** Topology: the fingerprint of the parent's down alert this alert is a symptom of. */
  parent?: string;
}

/**
 * One source of suppression (modelled on Alertmanager's `Muter`): maintenance windows, silences
 * and inhibition each implement it and the suppression stage asks them in turn. `refresh` loads
 * whatever state the decision needs before a batch (it is awaited once per batch), so `mutes`
 * stays cheap per alert.
 */
export interface Muter {
  readonly kind: SuppressionKind;
  refresh(now: number): Promise<void>;
  /** Sees the alerts of each batch before decisions (inhibition keeps its firing sources current). */
  observe?(alerts: readonly AlertRecord[]): void | Promise<void>;
  /** Synchronous when it can be (silences); maintenance windows may look up the alert's CI. */
  mutes(alert: AlertRecord, now: number): Mute | null | Promise<Mute | null>;
}

/**
 * The labels suppression matchers see: the alert's labels plus its identity fields `resource`,
 * `check`, `source` and `severity` (a label of the same name wins, as a Prometheus alert's own
 * `severity` label should).
 */
export function suppressionLabels(alert: AlertRecord): Record<string, string> {
  return {
    resource: alert.resource,
    check: alert.check,
    source: alert.source,
    severity: alert.severity,
    ...alert.labels,
  };
}
