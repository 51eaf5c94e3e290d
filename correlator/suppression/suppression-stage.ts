import type { Batch, Stage } from '../pipeline/batch.js';
import { withReason } from '../pipeline/dedup.js';
import type { Store } from '../store/contract.js';
import { lastSuppression, reasonOf } from './reasons.js';
import type { Suppressor } from './suppressor.js';

/**
 * Pipeline stage after dedup: decides per firing alert whether it is suppressed and why. A
 * suppressed alert is stored (state `suppressed`, the mute as a reason naming the silence, window
 * or rule) but its outcome is withheld from the incident stage, so it opens no incident and does
 * not churn the one it may already belong to. Recoveries always pass. An alert whose suppression
 * ended becomes `firing` again and goes on as if it had just fired; timer work hands such alerts
 * in as `batch.recheck` (no event), which this stage loads itself.
 */
export function suppressionStage(deps: { suppressor: Suppressor; store: Store }): Stage {
  const { suppressor, store } = deps;
  return {
    name: 'suppression',
    async run(batch: Batch): Promise<void> {
      await suppressor.refresh(batch.now);
      if (batch.recheck.length > 0) await loadRecheck(batch, store);
      await suppressor.observe([...batch.alerts.values()]);

      const unsuppressed = new Set<string>();
      const kept: Batch['outcomes'] = [];
      for (const outcome of batch.outcomes) {
        const alert = outcome.result.alert;
        if (alert.state === 'resolved') {
          kept.push(outcome);
          continue;
        }
        const decision = suppressor.decide(alert, batch.now);
        if (decision instanceof Promise ? await decision : decision) {
          alert.state = 'suppressed';
          continue;
        }
        if (alert.state === 'suppressed') {
          alert.state = 'firing';
          if (!unsuppressed.has(alert.fingerprint)) {
            unsuppressed.add(alert.fingerprint);
            outcome.result = { ...outcome.result, decision: 'fired' };
          }
        }
        kept.push(outcome);
      }
      for (const fp of batch.recheck) {
        const alert = batch.alerts.get(fp);
        if (alert?.state !== 'suppressed' || (await suppressor.decide(alert, batch.now))) continue;
        alert.state = 'firing';
        unsuppressed.add(fp);
        kept.push({
          index: -1,
          result: { decision: 'fired', alert, previousState: 'suppressed', previousSeverity: alert.severity },
        });
      }
      batch.outcomes = kept;
      await explain(batch, suppressor, unsuppressed);
    },
  };
}

/** Loads the alerts (and their incidents) timer work asked to re-evaluate, unless already loaded. */
async function loadRecheck(batch: Batch, store: Store): Promise<void> {
  const missing = batch.recheck.filter((fp) => !batch.alerts.has(fp));
  if (missing.length === 0) return;
  const state = await store.loadBatchState(missing, []);
  for (const [fp, alert] of state.alerts) {
    batch.state.alerts.set(fp, alert);
    // A working copy: the stored one stays untouched so commit can tell what changed.
    batch.alerts.set(fp, { ...alert });
  }
  for (const [id, incident] of state.incidents) {
    if (batch.incidents.has(id)) continue;
    batch.state.incidents.set(id, incident);
    batch.incidents.set(id, incident);
  }
}

/**
 * Gives each alert whose suppression started, changed or ended in this batch its final state and
 * one reason saying why (the silence id, window or rule name), and records new suppressions.
 */
async function explain(batch: Batch, suppressor: Suppressor, unsuppressed: Set<string>): Promise<void> {
  for (const [fp, alert] of batch.alerts) {
    if (alert === batch.state.alerts.get(fp)) continue;
    const before = batch.state.alerts.get(fp);
    if (alert.state === 'resolved') continue;
    const decision = suppressor.decide(alert, batch.now);
    const mute = decision instanceof Promise ? await decision : decision;
    if (mute) {
      alert.state = 'suppressed';
      const last = lastSuppression(alert);
      const by = `${mute.kind}:${mute.name}`;
      if (before?.state !== 'suppressed' || last?.by !== by) {
        alert.reasons = withReason(alert.reasons, {
          at: batch.now,
          by,
          reason: reasonOf(mute),
          detail: mute.detail,
        });
        if (before?.state !== 'suppressed') batch.suppressed.push({ fingerprint: fp, kind: mute.kind });
      }
      if (mute.parent) batch.symptoms.push({ fingerprint: fp, parent: mute.parent });
    } else if (unsuppressed.has(fp) || (before?.state === 'suppressed' && alert.state === 'firing')) {
      alert.state = 'firing';
      const last = lastSuppression(alert);
      // A symptom that outlives its parent's outage is a failure of its own: it opens its own incident.
      if (last?.reason === 'symptom_of' && attachedAsSymptom(alert)) alert.incidentId = null;
      alert.reasons = withReason(alert.reasons, {
        at: batch.now,
        by: 'suppression',
        reason: 'unsuppressed',
        detail: last ? `${last.by} no longer applies` : 'no suppression applies any more',
      });
    }
  }
}

/** Whether the alert's incident is one the symptom stage attached it to (not one it opened itself). */
function attachedAsSymptom(alert: {
  incidentId: string | null;
  reasons: ReadonlyArray<{ reason: string; detail?: string }>;
}) {
  if (alert.incidentId === null) return false;
  for (let i = alert.reasons.length - 1; i >= 0; i--) {
    const reason = alert.reasons[i]!;
    if (reason.reason === 'attached_to_incident')
      return reason.detail === `symptom attached to ${alert.incidentId}`;
  }
  return false;
}
