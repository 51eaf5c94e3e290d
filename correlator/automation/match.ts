import { matchesAll } from '../../rules/matchers.js';
import type { AlertRecord, CiRecord, IncidentRecord } from '../model/records.js';
import type { AutomationRule } from './rule.js';
import type { TemplateValues } from './template.js';

/** What a rule sees of an incident: its alert's labels plus the incident's and CI's facts. */
export interface IncidentFacts {
  incident: IncidentRecord;
  /** The alert the rule reads labels from: the incident's first firing alert, else its first one. */
  alert: AlertRecord | null;
  ci: CiRecord | null;
}

/** Keys matchers and templates read besides the alert's labels; they win over a label of that name. */
export const MATCH_FIELDS = [
  'category',
  'priority',
  'check',
  'resource',
  'source',
  'severity',
  'ciClass',
  'status',
] as const;

/**
 * The label set a rule's matchers run over: the alert's labels, then `category`, `priority`,
 * `check`, `resource`, `source`, `severity`, `ciClass` and `status` (the incident's and CI's facts
 * cannot be spoofed by an alert label of the same name).
 */
export function matchLabels(facts: IncidentFacts): Record<string, string> {
  const { incident, alert, ci } = facts;
  return {
    ...(alert?.labels ?? {}),
    category: incident.category,
    priority: incident.priority,
    check: incident.check ?? alert?.check ?? '',
    resource: incident.resource ?? alert?.resource ?? '',
    source: alert?.source ?? '',
    severity: alert?.severity ?? '',
    ciClass: ci?.class ?? '',
    status: incident.status,
  };
}

/** The rules whose matchers all accept the incident, in configuration order. */
export function matchingRules(rules: readonly AutomationRule[], facts: IncidentFacts): AutomationRule[] {
  const labels = matchLabels(facts);
  return rules.filter((rule) => matchesAll(rule.matchers, labels));
}

/** The values templates render from (`incident.id`, `resource`, `labels.mount`, ...). */
export function templateValues(rule: string, facts: IncidentFacts): TemplateValues {
  const { incident, alert, ci } = facts;
  const values: Record<string, string> = {
    rule,
    'incident.id': incident.id,
    'incident.title': incident.title,
    'incident.priority': incident.priority,
    'incident.category': incident.category,
    resource: incident.resource ?? alert?.resource ?? '',
    check: incident.check ?? alert?.check ?? '',
    source: alert?.source ?? '',
    severity: alert?.severity ?? '',
    'ci.id': ci?.id ?? '',
    'ci.name': ci?.name ?? '',
    'ci.class': ci?.class ?? '',
  };
  for (const [name, value] of Object.entries(alert?.labels ?? {})) values[`labels.${name}`] = value;
  return values;
}

/** The per-CI rate-limit key of an incident: its first CI, else its resource. */
export function changeTarget(facts: IncidentFacts): string {
  return facts.incident.ciIds[0] ?? `resource:${facts.incident.resource ?? facts.alert?.resource ?? ''}`;
}
