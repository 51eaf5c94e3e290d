import type { FlappingRule, GroupingRule } from '../../rules/correlation-types.js';
import { decideGroup, type GroupingContext, groupOpened } from '../correlation/grouper.js';
import type { RuleBook } from '../correlation/rule-book.js';
import {
  HELD_TRANSIENT,
  heldBy,
  trackFlapping,
  transientRuleFor,
} from '../correlation/transient-flapping.js';
import type { CiContext } from '../incidents/classify.js';
import { classify } from '../incidents/classify.js';
import type { IdAllocator } from '../incidents/id-allocator.js';
import {
  attachFiring,
  detachResolved,
  type IncidentChange,
  linkIncidents,
  openIncident,
  reopenIncident,
} from '../incidents/incident-ops.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { isOpenStatus } from '../model/itil.js';
import type { AlertRecord } from '../model/records.js';
import { severityRank } from '../model/severity.js';
import type { Batch, Stage } from './batch.js';
import { withReason } from './dedup.js';
import { batchGroups } from './grouping-stage.js';

function union(a: string[], b: string[]): string[] {
  return b.every((x) => a.includes(x)) ? a : [...new Set([...a, ...b])];
}

/** What put an alert into a group, for its reason: the label values and/or the CI relation. */
function groupDetail(rule: GroupingRule, alert: AlertRecord): string {
  const labels = rule.groupBy.map((l) => `${l}=${alert.labels[l] ?? ''}`).join(',');
  const cmdb = rule.cmdb === 'same_ci' ? 'same CI' : rule.cmdb === 'related' ? 'related CI' : '';
  return [labels, cmdb].filter((x) => x !== '').join('; ') + ` within ${formatMs(rule.windowMs)}`;
}

const STAGE_OF_REASON: Record<string, string> = {
  grouped: 'grouping',
  linked: 'grouping',
  waiting_for_threshold: 'grouping',
  threshold_reached: 'grouping',
  held_transient: 'transient',
  transient: 'transient',
  not_transient: 'transient',
  flapping: 'flapping',
};

/**
 * A decision as the metric counts it: its stage, its reason, and its rule (a loaded rule name, or
 * `none`; configured assignment rules all count as `assignment`), so the label set stays bounded.
 */
function decisionOf(by: string, reason: string): { stage: string; reason: string; rule: string } {
  const stage = reason.startsWith('classified_') ? 'classification' : (STAGE_OF_REASON[reason] ?? 'incident');
  const rule = !by.startsWith('rule:')
    ? 'none'
    : by.startsWith('rule:assignment[')
      ? 'assignment'
      : by.slice(5);
  return { stage, reason, rule };
}

function flappingDetail(rule: FlappingRule, incidentId: string): string {
  return `more than ${rule.changes} state changes within ${formatMs(rule.withinMs)}; ${incidentId} stays open until stable for ${formatMs(rule.withinMs)}`;
}

/** A duration for people: `90s` -> `1m30s`. */
function formatMs(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || `${ms}ms`;
}

/** Looks up the CMDB facts of an alert; the CMDB binder implements it. */
export interface CiResolver {
  resolve(alert: AlertRecord): Promise<CiContext>;
  /** Whether two CIs are the same or one depends on the other (grouping rules with `cmdb: related`). */
  related(a: string, b: string): Promise<boolean>;
}

/**
 * Pipeline stage: turns alert state changes into incident changes, in arrival order. A firing
 * alert opens an incident (or joins its open one, or reopens its recently resolved one); a
 * recovery resolves the incident once none of its alerts fires. Every decision is a reason on the
 * alert and an entry on the incident's timeline.
 */
export function incidentStage(deps: {
  policy: IncidentPolicy;
  ids: IdAllocator;
  cis: CiResolver;
  rules: RuleBook;
}): Stage {
  const { policy, ids, cis } = deps;
  const minRank = severityRank(policy.minSeverity);
  return {
    name: 'incident',
    async run(batch: Batch): Promise<void> {
      const rules = deps.rules.current;
      const linked = new Map<string, string | null>();
      const ciCache = new Map<string, Promise<CiContext>>();
      const resolveCi = (alert: AlertRecord) => {
        const key = `${alert.resource}\u0000${alert.labels['ci'] ?? ''}`;
        let hit = ciCache.get(key);
        if (!hit) {
          hit = cis.resolve(alert);
          ciCache.set(key, hit);
        }
        return hit;
      };
      const linkOf = (a: AlertRecord) =>
        linked.has(a.fingerprint) ? linked.get(a.fingerprint)! : a.incidentId;
      const apply = (change: IncidentChange) => {
        batch.incidents.set(change.incident.id, change.incident);
        for (const entry of change.entries) batch.timeline.push({ incidentId: change.incident.id, entry });
      };
      const groups = batchGroups(batch);
      const note = (fp: string, reason: string, detail?: string, by = 'incident') => {
        const alert = batch.alerts.get(fp)!;
        alert.reasons = withReason(alert.reasons, { at: batch.now, by, reason, detail });
        groups.decisions.push(decisionOf(by, reason));
      };
      const groupingContext: GroupingContext = {
        now: batch.now,
        groups: groups.groups,
        dirty: groups.dirty,
        isOpen: (id) => {
          const incident = batch.incidents.get(id);
          return incident !== undefined && isOpenStatus(incident.status);
        },
        isFiring: (fp) => batch.alerts.get(fp)?.state === 'firing',
        related: (a, b) => cis.related(a, b),
      };

      for (const { index, result } of batch.outcomes) {
        const alert = result.alert;
        const fp = alert.fingerprint;
        const incidentId = linkOf(alert);
        const incident = incidentId ? batch.incidents.get(incidentId) : undefined;
        const firing = alert.state !== 'resolved';
        const escalated =
          result.previousSeverity !== null &&
          severityRank(alert.severity) > severityRank(result.previousSeverity);
        // Rising from below the minimum severity (info -> critical) starts an actionable failure
        // just like firing does, although the alert's state did not change.
        const becameActionable =
          escalated &&
          severityRank(result.previousSeverity!) < minRank &&
          severityRank(alert.severity) >= minRank;
        // Transient rules: an alert waiting out its rule matures once it fired for the rule's period.
        const held = incident && isOpenStatus(incident.status) ? null : heldBy(rules.transient, alert);
        const matured = firing && held !== null && batch.now - alert.stateChangedAt >= held.withinMs;
        const flapping = trackFlapping(
          rules.flapping,
          alert,
          result.decision === 'fired' ||
            result.decision === 'resolved' ||
            (result.decision === 'first_seen' && firing),
          batch.now,
        );
        const changed =
          result.decision === 'fired' ||
          (result.decision === 'first_seen' && firing) ||
          becameActionable ||
          matured;

        if (firing && (changed || (escalated && incident && isOpenStatus(incident.status)))) {
          if (severityRank(alert.severity) < minRank) {
            if (changed) note(fp, 'below_min_severity', `${alert.severity} is below ${policy.minSeverity}`);
            continue;
          }
          const ci = await resolveCi(alert);
          const classification = classify(alert, ci, policy, batch.now, rules.classification);
          for (const reason of classification.reasons) {
            // Decisions taken by a rule (classification rules, configured assignment rules) are
            // explained on the alert too, not only on the incident's timeline.
            if (reason.by.startsWith('rule:')) {
              alert.reasons = withReason(alert.reasons, { ...reason, reason: `classified_${reason.reason}` });
              groups.decisions.push(decisionOf(reason.by, `classified_${reason.reason}`));
            }
          }
          if (incident && isOpenStatus(incident.status)) {
            apply(attachFiring(incident, alert, classification, batch.now));
          } else if (
            incident?.status === 'resolved' &&
            batch.now - (incident.resolvedAt ?? 0) <= policy.reopenWindowMs
          ) {
            const reopened = reopenIncident(incident, alert, batch.now);
            // A failure that returns more severe raises the priority, as it would on an open incident.
            const raised = attachFiring(reopened.incident, alert, classification, batch.now);
            apply({ incident: raised.incident, entries: [...reopened.entries, ...raised.entries] });
            batch.recurred.push({ incidentId: incident.id, fingerprint: fp });
            note(fp, 'reopened_incident', incident.id);
          } else {
            const transient = matured ? null : transientRuleFor(rules.transient, alert);
            if (transient && batch.now - alert.stateChangedAt < transient.withinMs) {
              const due = alert.stateChangedAt + transient.withinMs;
              note(
                fp,
                HELD_TRANSIENT,
                `opens an incident at ${new Date(due).toISOString()} if still firing (resolving within ${formatMs(transient.withinMs)} is transient)`,
                `rule:${transient.name}`,
              );
              groups.dirty.add({
                rule: transient.name,
                key: fp,
                anchor: '',
                incidentId: null,
                openedAt: alert.stateChangedAt,
                pending: [],
              });
              continue;
            }
            if (matured) {
              groups.deleted.push({ rule: held!.name, key: fp, anchor: '' });
              note(
                fp,
                'not_transient',
                `still firing after ${formatMs(held!.withinMs)}`,
                `rule:${held!.name}`,
              );
            }
            const group = await decideGroup(rules.grouping, alert, ci.ciIds[0] ?? null, groupingContext);
            const by = group.kind === 'none' ? 'incident' : `rule:${group.rule.name}`;
            if (group.kind === 'hold') {
              const t = group.rule.threshold!;
              note(
                fp,
                'waiting_for_threshold',
                `${group.count} of ${t.count} matching alerts within ${formatMs(t.withinMs)}; no incident yet`,
                by,
              );
              continue;
            }
            if (group.kind === 'join') {
              const target = batch.incidents.get(group.incidentId)!;
              const joined = attachFiring(target, alert, classification, batch.now);
              joined.incident.ciIds = union(joined.incident.ciIds, ci.ciIds);
              apply(joined);
              linked.set(fp, target.id);
              note(fp, 'grouped', `into ${target.id} (${groupDetail(group.rule, alert)})`, by);
            } else {
              const [id] = await ids.take(1);
              const change = openIncident(id!, alert, classification, ci.ciIds, batch.now);
              apply(change);
              batch.created.push(change.incident);
              batch.recurred.push({ incidentId: change.incident.id, fingerprint: fp });
              linked.set(fp, change.incident.id);
              note(
                fp,
                'opened_incident',
                `${change.incident.id} ${change.incident.priority} ${change.incident.assignmentGroup}`,
              );
              if (group.kind === 'link') {
                const other = batch.incidents.get(group.incidentId)!;
                const why = `related by grouping rule ${group.rule.name} (${groupDetail(group.rule, alert)})`;
                apply(linkIncidents(change.incident.id, other, why, batch.now));
                apply(linkIncidents(other.id, batch.incidents.get(change.incident.id)!, why, batch.now));
                note(
                  fp,
                  'linked',
                  `${change.incident.id} linked to ${other.id} (${groupDetail(group.rule, alert)})`,
                  by,
                );
              } else if (group.kind === 'open') {
                groupOpened(group.entry, change.incident.id, batch.now);
                if (group.release.length > 0) {
                  note(
                    fp,
                    'threshold_reached',
                    `${group.release.length + 1} matching alerts; opened ${change.incident.id}`,
                    by,
                  );
                }
                for (const held of group.release) {
                  const stored = batch.alerts.get(held);
                  const target = batch.incidents.get(change.incident.id)!;
                  if (!stored || stored.state === 'resolved') continue;
                  // A copy: the loaded record stays as read, so the commit sees the change.
                  const waiting = { ...stored };
                  batch.alerts.set(held, waiting);
                  apply(attachFiring(target, waiting, classification, batch.now));
                  linked.set(held, target.id);
                  note(held, 'grouped', `into ${target.id} once the threshold was reached`, by);
                }
              }
            }
          }
        } else if (result.decision === 'resolved' && incident && isOpenStatus(incident.status)) {
          // A flapping alert holds its incident open until it was stable for the rule's period.
          const holdDownMs = flapping ? Math.max(policy.holdDownMs, flapping.withinMs) : policy.holdDownMs;
          const change = detachResolved(incident, fp, holdDownMs, batch.now);
          apply(change);
          if (change.incident.status === 'resolved') note(fp, 'resolved_incident', incident.id);
          else if (flapping)
            note(fp, 'flapping', flappingDetail(flapping, incident.id), `rule:${flapping.name}`);
        } else if (result.decision === 'resolved' && held) {
          groups.deleted.push({ rule: held.name, key: fp, anchor: '' });
          note(
            fp,
            'transient',
            `resolved ${formatMs(alert.stateChangedAt - (result.previousChangedAt ?? alert.stateChangedAt))} after firing, within ${formatMs(held.withinMs)}: no incident`,
            `rule:${held.name}`,
          );
        }
        if (flapping && firing && result.decision === 'fired' && incident && isOpenStatus(incident.status)) {
          note(fp, 'flapping', flappingDetail(flapping, incident.id), `rule:${flapping.name}`);
        }
        const receipt = batch.receipts[index];
        if (receipt) receipt.incidentId = linkOf(alert);
      }
      for (const [fp, id] of linked) {
        const alert = batch.alerts.get(fp);
        if (alert) alert.incidentId = id;
      }
      // A retry inside the batch answers with the incident its original event got.
      for (const index of batch.duplicates) {
        const receipt = batch.receipts[index];
        const alert = receipt ? batch.alerts.get(receipt.fingerprint) : undefined;
        if (receipt && alert) receipt.incidentId = alert.incidentId;
      }
    },
  };
}
