import { groupKey, rulesFor, slot } from '../correlation/grouper.js';
import type { RuleBook } from '../correlation/rule-book.js';
import type { CorrelationMetrics } from '../metrics/correlation-metrics.js';
import type { Store } from '../store/contract.js';
import type { GroupEntry, GroupStore } from '../store/group-store.js';
import type { Batch, Stage } from './batch.js';
import type { DedupResult } from './dedup.js';

/** The groups a batch works on, shared by the grouping, incident and group-commit stages. */
export interface BatchGroups {
  groups: Map<string, GroupEntry[]>;
  dirty: Set<GroupEntry>;
  /** Groups to delete after the commit (transient waits that ended). */
  deleted: Array<Pick<GroupEntry, 'rule' | 'key' | 'anchor'>>;
  /** The decisions explained on alerts in this batch (counted once the batch is committed). */
  decisions: Array<{ stage: string; reason: string; rule: string }>;
}

const byBatch = new WeakMap<Batch, BatchGroups>();

/** The groups of `batch` (empty until the grouping stage loaded them). */
export function batchGroups(batch: Batch): BatchGroups {
  let found = byBatch.get(batch);
  if (!found) {
    found = { groups: new Map(), dirty: new Set(), deleted: [], decisions: [] };
    byBatch.set(batch, found);
  }
  return found;
}

/**
 * Pipeline stage: loads the correlation groups the batch's newly firing alerts may join (grouping
 * rules that select them, within the rules' windows), with the incidents those groups share and
 * the alerts waiting in them, so the incident stage decides without further reads.
 */
export function groupingStage(deps: { store: Store; groups: GroupStore; rules: RuleBook }): Stage {
  return {
    name: 'grouping',
    async run(batch: Batch): Promise<void> {
      const rules = deps.rules.current.grouping;
      if (rules.length === 0) return;
      const { groups } = batchGroups(batch);
      const wanted = new Map<string, { rule: string; key: string; since: number }>();
      for (const { result } of batch.outcomes) {
        if (!mayOpen(result)) continue;
        for (const rule of rulesFor(rules, result.alert)) {
          const key = groupKey(rule, result.alert);
          const since = batch.now - Math.max(rule.windowMs, rule.threshold?.withinMs ?? 0);
          wanted.set(slot(rule.name, key), { rule: rule.name, key, since });
        }
      }
      for (const [id, { rule, key, since }] of wanted) {
        const entries = await deps.groups.findGroups(rule, key, since);
        groups.set(id, entries);
        for (const entry of entries) {
          if (entry.incidentId && !batch.incidents.has(entry.incidentId)) {
            const incident = await deps.store.getIncident(entry.incidentId);
            if (incident) {
              batch.incidents.set(incident.id, incident);
              batch.state.incidents.set(incident.id, incident);
            }
          }
          for (const { fingerprint } of entry.pending) {
            if (batch.alerts.has(fingerprint)) continue;
            const alert = await deps.store.getAlert(fingerprint);
            if (alert) {
              batch.alerts.set(fingerprint, alert);
              batch.state.alerts.set(fingerprint, alert);
            }
          }
        }
      }
    },
  };
}

/**
 * Counts the batch's decisions (`vigil_correlation_decisions_total`); runs after the commit, so
 * counts never lie. A store that `commitsGroups` wrote the batch's groups in the commit itself;
 * for any other the groups are saved here, after it (`inCommit` false).
 */
export function groupCommitStage(
  groups: GroupStore | null,
  metrics?: CorrelationMetrics,
  inCommit = false,
): Stage {
  return {
    name: 'group-commit',
    async run(batch: Batch): Promise<void> {
      const { dirty, deleted, decisions } = batchGroups(batch);
      if (groups && !inCommit && dirty.size > 0) await groups.saveGroups([...dirty]);
      if (groups && !inCommit && deleted.length > 0) await groups.deleteGroups(deleted);
      if (metrics) for (const decision of decisions) metrics.decisions.inc(decision);
    },
  };
}

/** Whether an outcome may open an incident (fired, first seen firing, or its severity changed). */
function mayOpen(result: DedupResult): boolean {
  if (result.alert.state === 'resolved') return false;
  return (
    result.decision === 'fired' ||
    result.decision === 'first_seen' ||
    (result.previousSeverity !== null && result.previousSeverity !== result.alert.severity)
  );
}
