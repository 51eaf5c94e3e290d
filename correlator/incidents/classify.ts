import type { ClassificationRule } from '../../rules/correlation-types.js';
import { matchesAll } from '../../rules/matchers.js';
import {
  CATEGORIES,
  type Category,
  type CiClass,
  IMPACTS,
  type Impact,
  type Priority,
  URGENCIES,
  type Urgency,
} from '../model/itil.js';
import type { AlertRecord, Reason } from '../model/records.js';
import type { IncidentPolicy } from './policy.js';

/** What classification needs to know about the CMDB side of an alert. */
export interface CiContext {
  ciIds: string[];
  ciClass: CiClass | null;
  /** How many CIs depend on the alert's CI (transitively). */
  dependents: number;
}

/** The ITIL classification of an incident, with why each field got its value. */
export interface Classification {
  category: Category;
  urgency: Urgency;
  impact: Impact;
  priority: Priority;
  assignmentGroup: string;
  reasons: Reason[];
}

// Each pattern matches whole leading words of the check name (`load.` but not `loadbalancer.`).
const CATEGORY_BY_CHECK: ReadonlyArray<[RegExp, Category]> = [
  [/^(security|auth|login|intrusion)(\.|_|$)/, 'security'],
  [/^((interface|network|link|lldp|cdp|bgp|ospf)(\.|_|$)|snmp\.trap\.link)/, 'network'],
  [/^(temperature|fan|power|psu|hardware|sensor|smart)(\.|_|$)/, 'hardware'],
  [/^(filesystem|disk|memory|swap|inode|inodes|load|cpu|storage)(\.|_|$)/, 'capacity'],
  [/^(host\.(reboot|uptime|down)|availability|ping|reachability|heartbeat)(\.|_|$)/, 'availability'],
  [/^(service|process|systemd|application|software|http)(\.|_|$)/, 'software'],
];

/** The ITIL category of an alert: its `category` label, else a guess from the check name. */
export function categoryOf(alert: Pick<AlertRecord, 'labels' | 'check'>): {
  category: Category;
  reason: string;
} {
  const label = alert.labels['category'];
  if (label && (CATEGORIES as readonly string[]).includes(label))
    return { category: label as Category, reason: 'label' };
  for (const [pattern, category] of CATEGORY_BY_CHECK) {
    if (pattern.test(alert.check)) return { category, reason: `check name ${alert.check}` };
  }
  return { category: 'other', reason: 'no rule matched' };
}

/** Urgency from the `urgency` label when valid, else from severity through the policy. */
export function urgencyOf(alert: Pick<AlertRecord, 'labels' | 'severity'>, policy: IncidentPolicy): Urgency {
  const label = alert.labels['urgency'];
  if (label && (URGENCIES as readonly string[]).includes(label)) return label as Urgency;
  const severity = alert.severity;
  if (severity === 'info' || severity === 'ok') return 'low';
  return policy.urgencyBySeverity[severity];
}

/** Impact from the `impact` label when valid, else from how many CIs depend on the alert's CI. */
export function impactOf(
  labels: Readonly<Record<string, string>>,
  dependents: number,
  policy: IncidentPolicy,
): Impact {
  const label = labels['impact'];
  if (label && (IMPACTS as readonly string[]).includes(label)) return label as Impact;
  if (dependents >= policy.impactThresholds.global) return 'global';
  if (dependents >= policy.impactThresholds.department) return 'department';
  return 'local';
}

/** Priority from the impact x urgency matrix of the policy. */
export function priorityOf(impact: Impact, urgency: Urgency, policy: IncidentPolicy): Priority {
  return policy.priorityMatrix[impact][URGENCIES.indexOf(urgency)]!;
}

/** The built-in assignment groups used when no assignment rule matches (DESIGN.md defaults). */
export function defaultGroup(category: Category, ciClass: CiClass | null, fallback = 'service-desk'): string {
  if (category === 'security') return 'security';
  if (category === 'network' || ciClass === 'network_device' || ciClass === 'interface')
    return 'network-admins';
  if (category === 'hardware' || category === 'capacity' || category === 'availability')
    return 'system-admins';
  if (category === 'software') return 'l2-support';
  return fallback;
}

/**
 * Classifies an alert into category, urgency, impact, priority and assignment group. Pure: the
 * CMDB facts come in through `ci`, so every branch is unit-tested without a store. Classification
 * rules (rule files, `kind: classification`) come first: for each field, the first rule whose
 * matchers select the alert and that sets the field decides it; the label and built-in defaults
 * decide the rest. The priority always comes from the configured matrix.
 */
export function classify(
  alert: AlertRecord,
  ci: CiContext,
  policy: IncidentPolicy,
  now: number,
  rules: readonly ClassificationRule[] = [],
): Classification {
  const ruleFacts: Record<string, string> = {
    ...alert.labels,
    source: alert.source,
    resource: alert.resource,
    check: alert.check,
    severity: alert.severity,
    ciClass: ci.ciClass ?? '',
  };
  const selected = rules.length === 0 ? rules : rules.filter((r) => matchesAll(r.matchers, ruleFacts));
  const byRule = <F extends 'category' | 'urgency' | 'impact' | 'assignmentGroup'>(field: F) =>
    selected.find((r) => r[field] !== undefined);
  const categoryRule = byRule('category');
  const urgencyRule = byRule('urgency');
  const impactRule = byRule('impact');
  const groupRule = byRule('assignmentGroup');

  const guessed = categoryRule ? null : categoryOf(alert);
  const category = categoryRule?.category ?? guessed!.category;
  const categoryReason = categoryRule ? `classification rule ${categoryRule.name}` : guessed!.reason;
  const urgency = urgencyRule?.urgency ?? urgencyOf(alert, policy);
  const impact = impactRule?.impact ?? impactOf(alert.labels, ci.dependents, policy);
  const priority = priorityOf(impact, urgency, policy);
  const facts: Record<string, string> = { ...ruleFacts, category };
  const assignment = groupRule
    ? undefined
    : policy.assignment.find((r) => r.matchers.every((m) => m.matches(facts)));
  const assignmentGroup =
    groupRule?.assignmentGroup ??
    assignment?.group ??
    defaultGroup(category, ci.ciClass, policy.fallbackGroup);
  const impactWhy = impactRule ? `rule ${impactRule.name}` : `${ci.dependents} dependent CIs`;
  const urgencyWhy = urgencyRule ? `rule ${urgencyRule.name}` : `severity ${alert.severity}`;
  const prioritySource = impactRule ?? urgencyRule;
  const reasons: Reason[] = [
    {
      at: now,
      by: categoryRule ? `rule:${categoryRule.name}` : 'classify',
      reason: 'category',
      detail: `${category} (${categoryReason})`,
    },
    {
      at: now,
      by: prioritySource ? `rule:${prioritySource.name}` : 'classify',
      reason: 'priority',
      detail: `${priority} = impact ${impact} (${impactWhy}) x urgency ${urgency} (${urgencyWhy})`,
    },
    {
      at: now,
      by: groupRule ? `rule:${groupRule.name}` : assignment ? `rule:${assignment.name}` : 'classify',
      reason: 'assignment',
      detail: groupRule
        ? `group ${assignmentGroup} by classification rule ${groupRule.name}`
        : assignment
          ? `group ${assignmentGroup} by assignment rule ${assignment.name}`
          : `default group for ${category}`,
    },
  ];
  return { category, urgency, impact, priority, assignmentGroup, reasons };
}
