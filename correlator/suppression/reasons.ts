import type { AlertRecord, Reason } from '../model/records.js';
import type { Mute } from './muter.js';

/** The reason code each mechanism writes on a suppressed alert, unless the mute names its own. */
const REASON: Record<Mute['kind'], string> = {
  maintenance: 'in_maintenance',
  silence: 'silenced',
  inhibition: 'inhibited',
  topology: 'symptom_of',
};

/** Every reason code that means "suppressed". */
export const SUPPRESSION_REASONS: ReadonlySet<string> = new Set([
  ...Object.values(REASON),
  'awaiting_parent',
]);

/** The reason code of a mute. */
export function reasonOf(mute: Mute): string {
  return mute.reason ?? REASON[mute.kind];
}

/** The newest suppression reason on an alert, if any (who suppressed it last, and why). */
export function lastSuppression(alert: AlertRecord): Reason | undefined {
  for (let i = alert.reasons.length - 1; i >= 0; i--) {
    const reason = alert.reasons[i]!;
    if (SUPPRESSION_REASONS.has(reason.reason)) return reason;
  }
  return undefined;
}
