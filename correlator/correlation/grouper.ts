import type { GroupingRule } from '../../rules/correlation-types.js';
import { matchesAll } from '../../rules/matchers.js';
import type { AlertRecord } from '../model/records.js';
import type { GroupEntry } from '../store/group-store.js';

/** What a grouping rule decided for a firing alert that has no open incident of its own. */
export type GroupDecision =
  /** No grouping rule applies: the alert opens its own incident. */
  | { kind: 'none' }
  /** Join the group's open incident (`mode: merge`). */
  | { kind: 'join'; rule: GroupingRule; entry: GroupEntry; incidentId: string }
  /** Open an own incident linked to the group's (`mode: link`, correlate without merging). */
  | { kind: 'link'; rule: GroupingRule; entry: GroupEntry; incidentId: string }
  /** Wait: the rule's threshold is not reached yet (`waiting_for_threshold`). */
  | { kind: 'hold'; rule: GroupingRule; entry: GroupEntry; count: number }
  /** Open the group's incident; `release` are the alerts that waited for the threshold with it. */
  | { kind: 'open'; rule: GroupingRule; entry: GroupEntry; release: string[] };

/** The label values a grouping rule groups by, as one key (`\0` cannot occur in labels from JSON). */
export function groupKey(rule: GroupingRule, alert: Pick<AlertRecord, 'labels'>): string {
  return rule.groupBy.map((label) => alert.labels[label] ?? '').join('\u0000');
}

/** The facts grouping matchers see: the alert's labels plus source, resource, check and severity. */
export function groupingFacts(alert: AlertRecord): Record<string, string> {
  return {
    ...alert.labels,
    source: alert.source,
    resource: alert.resource,
    check: alert.check,
    severity: alert.severity,
  };
}

/** The grouping rules whose matchers select `alert`, in load order. */
export function rulesFor(rules: readonly GroupingRule[], alert: AlertRecord): GroupingRule[] {
  if (rules.length === 0) return [];
  const facts = groupingFacts(alert);
  return rules.filter((rule) => matchesAll(rule.matchers, facts));
}

/** What deciding needs from the batch and the CMDB. */
export interface GroupingContext {
  now: number;
  /** The stored and new groups of the batch by `rule\0key`, as loaded by the grouping stage. */
  groups: Map<string, GroupEntry[]>;
  /** Groups created or changed in this batch (saved after the commit). */
  dirty: Set<GroupEntry>;
  /** Whether an incident (of this batch or loaded for it) is open. */
  isOpen(incidentId: string): boolean;
  /** Whether a held alert still fires. */
  isFiring(fingerprint: string): boolean;
  /** Whether two CIs are the same or one depends on the other (CMDB). */
  related(a: string, b: string): Promise<boolean>;
}

/** The map key of a rule's groups with `key`. */
export const slot = (rule: string, key: string) => `${rule}\u0000${key}`;

/**
 * Decides where a firing alert without an open incident of its own goes: the first grouping rule
 * that selects it (and, for CMDB grouping, finds its CI) decides. Within the rule's window it joins
 * or links to the group's open incident; with a threshold it waits until `count` matching alerts
 * fired within `within`. Mutates the context's groups in arrival order, so alerts of one batch
 * group with each other exactly as if sent one by one.
 */
export async function decideGroup(
  rules: readonly GroupingRule[],
  alert: AlertRecord,
  ciId: string | null,
  ctx: GroupingContext,
): Promise<GroupDecision> {
  for (const rule of rulesFor(rules, alert)) {
    if (rule.cmdb !== null && ciId === null) continue;
    const key = groupKey(rule, alert);
    const list = ctx.groups.get(slot(rule.name, key)) ?? [];
    ctx.groups.set(slot(rule.name, key), list);
    let found: GroupEntry | undefined;
    for (const entry of list) {
      if (!(await sameGroup(rule, entry, ciId, ctx))) continue;
      if (entry.incidentId === null) {
        // Waiting for the threshold: its stale alerts are dropped below.
        if (rule.threshold) found = entry;
      } else if (entry.openedAt >= ctx.now - rule.windowMs && ctx.isOpen(entry.incidentId)) {
        found = entry;
      }
      if (found) break;
    }
    if (found?.incidentId) {
      return rule.mode === 'link'
        ? { kind: 'link', rule, entry: found, incidentId: found.incidentId }
        : { kind: 'join', rule, entry: found, incidentId: found.incidentId };
    }
    const entry =
      found ??
      newEntry(list, {
        rule: rule.name,
        key,
        anchor: rule.cmdb === null ? '' : ciId!,
        incidentId: null,
        openedAt: ctx.now,
        pending: [],
      });
    ctx.dirty.add(entry);
    if (!rule.threshold) return { kind: 'open', rule, entry, release: [] };
    const since = ctx.now - rule.threshold.withinMs;
    entry.pending = entry.pending.filter(
      (p) => p.at >= since && p.fingerprint !== alert.fingerprint && ctx.isFiring(p.fingerprint),
    );
    entry.pending.push({ fingerprint: alert.fingerprint, at: ctx.now });
    entry.openedAt = entry.pending[0]!.at;
    if (entry.pending.length < rule.threshold.count) {
      return { kind: 'hold', rule, entry, count: entry.pending.length };
    }
    const release = entry.pending.map((p) => p.fingerprint).filter((fp) => fp !== alert.fingerprint);
    entry.pending = [];
    entry.openedAt = ctx.now;
    return { kind: 'open', rule, entry, release };
  }
  return { kind: 'none' };
}

/** Records the incident a group opened (the incident stage calls it once it has the id). */
export function groupOpened(entry: GroupEntry, incidentId: string, at: number): void {
  entry.incidentId = incidentId;
  entry.openedAt = at;
}

async function sameGroup(
  rule: GroupingRule,
  entry: GroupEntry,
  ciId: string | null,
  ctx: GroupingContext,
): Promise<boolean> {
  if (rule.cmdb === null) return true;
  if (rule.cmdb === 'same_ci') return entry.anchor === ciId;
  return entry.anchor === ciId || ctx.related(entry.anchor, ciId!);
}

/** Adds a group, replacing an expired one with the same anchor (one row per rule, key, anchor). */
function newEntry(list: GroupEntry[], entry: GroupEntry): GroupEntry {
  const index = list.findIndex((e) => e.anchor === entry.anchor);
  if (index >= 0) list.splice(index, 1);
  list.push(entry);
  return entry;
}
