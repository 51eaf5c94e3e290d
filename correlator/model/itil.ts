/** ITIL event categories (DESIGN.md "Event category"). */
export const CATEGORIES = [
  'hardware',
  'software',
  'network',
  'security',
  'capacity',
  'availability',
  'other',
] as const;
/** One ITIL event category. */
export type Category = (typeof CATEGORIES)[number];

/** Impact levels: 1 = global, 2 = department, 3 = local. */
export const IMPACTS = ['global', 'department', 'local'] as const;
/** One impact level name. */
export type Impact = (typeof IMPACTS)[number];

/** Urgency levels: 1 = urgent ... 4 = low. */
export const URGENCIES = ['urgent', 'high', 'medium', 'low'] as const;
/** One urgency level name. */
export type Urgency = (typeof URGENCIES)[number];

/** Incident priorities, P1 most pressing. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
/** One incident priority. */
export type Priority = (typeof PRIORITIES)[number];

/** Incident lifecycle states (DESIGN.md "Incident lifecycle"). */
export const INCIDENT_STATUSES = ['new', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
/** One incident lifecycle state. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Whether an incident in this state still needs work. */
export function isOpenStatus(status: IncidentStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

/** CI classes known to the CMDB. */
export const CI_CLASSES = [
  'host',
  'network_device',
  'interface',
  'filesystem',
  'disk',
  'service',
  'application',
] as const;
/** One CI class. */
export type CiClass = (typeof CI_CLASSES)[number];

/** Relationship types between CIs; `from` is the dependent side (`fs contains`: host contains fs). */
export const RELATION_TYPES = ['runs_on', 'connected_to', 'contains', 'depends_on'] as const;
/** One relationship type. */
export type RelationType = (typeof RELATION_TYPES)[number];

/** CI lifecycle states. */
export const CI_STATES = ['discovered', 'active', 'missing', 'retired'] as const;
/** One CI lifecycle state. */
export type CiState = (typeof CI_STATES)[number];
