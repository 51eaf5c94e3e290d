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
  /** Response and resolution targets and the escalation levels (`incidents.escalation`). */
  escalation: EscalationPolicy;
  /** When recurring incidents open a problem (`incidents.problems`). */
  problems: ProblemPolicy;
}

/**
 * When incidents recur enough to open a problem (DESIGN.md "Problems"): the `count`-th incident of
 * one check on one resource created within `windowMs` (none of them linked to a problem yet).
 */
export interface ProblemPolicy {
  recurrenceCount: number;
  recurrenceWindowMs: number;
}

/** One escalation level: where an incident goes when it escalates to it (no group: it stays put). */
export interface EscalationLevel {
  group?: string;
}

/**
 * When an incident escalates (DESIGN.md "Escalation"): not acknowledged within `responseMs` of its
 * priority, or not resolved within `resolutionMs`, both counted from its creation. The n-th
 * escalation moves it to `levels[n - 1]`; past the last level it keeps rising in level only.
 */
export interface EscalationPolicy {
  responseMs: Record<Priority, number>;
  resolutionMs: Record<Priority, number>;
  levels: EscalationLevel[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** ITIL-like targets: response P1 15m ... P5 24h, resolution P1 4h ... P5 1w; no levels. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  responseMs: { P1: 15 * MINUTE, P2: 30 * MINUTE, P3: 2 * HOUR, P4: 8 * HOUR, P5: 24 * HOUR },
  resolutionMs: { P1: 4 * HOUR, P2: 8 * HOUR, P3: 24 * HOUR, P4: 72 * HOUR, P5: 168 * HOUR },
  levels: [],
};

/** Three incidents of one check on one resource within 24 hours open a problem. */
export const DEFAULT_PROBLEM_POLICY: ProblemPolicy = { recurrenceCount: 3, recurrenceWindowMs: 24 * HOUR };

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
  escalation: DEFAULT_ESCALATION_POLICY,
  problems: DEFAULT_PROBLEM_POLICY,
};
