import type { Impact, Priority, Urgency } from '../model/itil.js';
import type { Severity } from '../model/severity.js';

/** A label predicate as `rules/matchers.ts` builds it. */
export interface LabelPredicate {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

/** One assignment rule: the first whose matchers all match picks the group. */
export interface AssignmentRule {
  name: string;
  matchers: LabelPredicate[];
  group: string;
}

/**
 * How alerts become incidents: the knobs of classification and lifecycle, resolved from the
 * `incidents` config section (durations in ms).
 */
export interface IncidentPolicy {
  reopenWindowMs: number;
  holdDownMs: number;
  minSeverity: Severity;
  urgencyBySeverity: Record<'critical' | 'major' | 'minor' | 'warning', Urgency>;
  impactThresholds: { global: number; department: number };
  /** impact -> priorities for urgencies [urgent, high, medium, low]. */
  priorityMatrix: Record<Impact, [Priority, Priority, Priority, Priority]>;
  assignment: AssignmentRule[];
  /** Group of incidents that no rule and no category default places (`service-desk`, the L1 desk). */
  fallbackGroup: string;
}

/** ITIL's defaults, used when the config says nothing. */
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  reopenWindowMs: 3_600_000,
  holdDownMs: 0,
  minSeverity: 'warning',
  urgencyBySeverity: { critical: 'urgent', major: 'high', minor: 'medium', warning: 'low' },
  impactThresholds: { global: 10, department: 3 },
  priorityMatrix: {
    global: ['P1', 'P2', 'P3', 'P4'],
    department: ['P2', 'P3', 'P4', 'P5'],
    local: ['P3', 'P4', 'P5', 'P5'],
  },
  assignment: [],
  fallbackGroup: 'service-desk',
};
