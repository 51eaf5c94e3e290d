import type {
  Category,
  CiClass,
  CiState,
  Impact,
  IncidentStatus,
  Priority,
  RelationType,
  Urgency,
} from './itil.js';
import type { JsonValue } from './observation.js';
import type { Severity } from './severity.js';

/** Alert states as the API shows them. */
export type AlertState = 'firing' | 'resolved' | 'suppressed';

/** One explanation of a decision taken about an alert or incident (rule name and reason). */
export interface Reason {
  /** ms since epoch. */
  at: number;
  /** The stage or rule that decided: `dedup`, `incident`, `rule:filesystem-full`. */
  by: string;
  /** Machine-readable reason: `first_seen`, `repeat`, `opened_incident`, `reopened_incident`, ... */
  reason: string;
  detail?: string;
}

/** The reason an alert waiting out a transient rule carries (and how the stages recognise it). */
export const HELD_TRANSIENT = 'held_transient';

/** The deduplicated alert: one per fingerprint (DESIGN.md "Alert"). */
export interface AlertRecord {
  fingerprint: string;
  state: AlertState;
  severity: Severity;
  source: string;
  resource: string;
  check: string;
  labels: Record<string, string>;
  summary: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** When the state last changed; out-of-order events older than this do not change it. */
  stateChangedAt: number;
  incidentId: string | null;
  /**
   * When a firing alert resolves by itself unless a newer event refreshes it (Prometheus' `endsAt`),
   * ms since epoch; null or absent for alerts that only resolve by an explicit recovery.
   */
  expiresAt?: number | null;
  /** Newest last, bounded. */
  reasons: Reason[];
  /**
   * When the alert's state changed recently (ms since epoch), kept only for alerts a flapping rule
   * selects and only within its period; absent otherwise.
   */
  stateChanges?: number[];
  /** Optimistic-concurrency version; 0 means not yet stored. */
  version: number;
}

/** One entry of an incident's timeline: who or what did which transition. */
export interface TimelineEntry {
  at: number;
  actor: string;
  action: string;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus | null;
  detail: string;
}

/** An SLA target an incident can breach: acknowledgement (response) or resolution. */
export type SlaBreach = 'response' | 'resolution';

/** An ITIL incident (DESIGN.md "Incident"). */
export interface IncidentRecord {
  id: string;
  title: string;
  status: IncidentStatus;
  category: Category;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  assignmentGroup: string;
  assignee: string | null;
  ciIds: string[];
  /** Fingerprints of every alert ever attached. */
  alertFingerprints: string[];
  /** Fingerprints of the attached alerts that are firing now. */
  firingFingerprints: string[];
  createdAt: number;
  updatedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  /** When a configured hold-down will resolve the incident, if all alerts stay resolved. */
  resolveDueAt: number | null;
  escalationLevel: number;
  /**
   * The SLA targets this incident breached, each escalating it once (DESIGN.md "Escalation");
   * absent on records written before escalation existed, which means none.
   */
  breaches?: SlaBreach[];
  /**
   * When the next unrecorded breach falls due, ms since epoch; null when none can (resolved, or
   * every target acknowledged/breached). Set by the pipeline before each commit from the policy.
   */
  escalationDueAt?: number | null;
  problemId: string | null;
  /**
   * Incidents correlated with this one without being merged into it (grouping rules with
   * `mode: link`), both ways; the reason is on the timeline. Absent means none.
   */
  relatedIncidentIds?: string[];
  /**
   * The resource and check of the alert that opened the incident: the key recurring incidents are
   * counted by (DESIGN.md "Problems"). Absent on records written before problems existed.
   */
  resource?: string;
  check?: string;
  /** Entries added in this unit of work only; the stored timeline is read separately. */
  version: number;
}

/** ITIL problem states: a known error has a documented root cause or workaround. */
export const PROBLEM_STATES = ['open', 'known_error', 'resolved', 'closed'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

/**
 * An ITIL problem (DESIGN.md "Problems"): the cause behind recurring incidents of one check on one
 * resource, with the incidents it links, its root cause and workaround once known.
 */
export interface ProblemRecord {
  id: string;
  title: string;
  state: ProblemState;
  ciIds: string[];
  check: string;
  resource: string;
  rootCause: string | null;
  workaround: string | null;
  /** Linked incidents, oldest first. */
  incidentIds: string[];
  createdAt: number;
  updatedAt: number;
  /** Optimistic-concurrency version; 0 means not yet stored. */
  version: number;
}

/** One attribute value of a CI with where and when it came from. */
export interface CiAttributeValue {
  value: JsonValue;
  source: string;
  at: number;
}

/** A configuration item (DESIGN.md "CI"). */
export interface CiRecord {
  id: string;
  class: CiClass;
  name: string;
  state: CiState;
  /** Parent CI for contained classes (interfaces, filesystems, disks). */
  parentId: string | null;
  identifiers: Record<string, string>;
  attributes: Record<string, CiAttributeValue>;
  sources: string[];
  firstSeen: number;
  lastSeen: number;
  /**
   * What each source last reported, per attribute (and `@name` for the name), with when that
   * value was first reported: source precedence picks `attributes` from these. Absent on records
   * written before precedence existed.
   */
  observed?: Record<string, Record<string, { value: JsonValue; at: number }>>;
  version: number;
}

/** A relationship between CIs with provenance. */
export interface CiRelation {
  fromId: string;
  toId: string;
  type: RelationType;
  source: string;
  confidence: number;
  since: number;
}

/** One change of one CI attribute. */
export interface CiHistoryEntry {
  ciId: string;
  attribute: string;
  oldValue: JsonValue | undefined;
  newValue: JsonValue | undefined;
  source: string;
  at: number;
  /**
   * False when the source reported this value but a higher-ranked source's value stayed in force
   * (source precedence); absent or true when the CI's attribute took the value.
   */
  applied?: boolean;
}
