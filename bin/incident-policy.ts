import type { IncidentsConfig } from '../config/types.js';
import type { IncidentPolicy } from '../correlator/incidents/policy.js';
import { formatMatcher, matchesAll, parseMatchers } from '../rules/matchers.js';

/**
 * Turns the `incidents` config section into the correlator's policy, compiling each assignment
 * rule's matchers with the rule language's parser (invalid ones fail with VIGIL_ERR_MATCHER_INVALID).
 */
export function incidentPolicyFromConfig(config: IncidentsConfig): IncidentPolicy {
  return {
    reopenWindowMs: config.reopenWindowMs,
    holdDownMs: config.holdDownMs,
    minSeverity: config.minSeverity,
    urgencyBySeverity: { ...config.urgencyBySeverity },
    impactThresholds: { ...config.impactThresholds },
    priorityMatrix: {
      global: [...config.priorityMatrix.global],
      department: [...config.priorityMatrix.department],
      local: [...config.priorityMatrix.local],
    },
    assignment: config.assignment.map((rule, index) => {
      const matchers = parseMatchers(rule.matchers);
      return {
        name: `assignment[${index}] ${matchers.map(formatMatcher).join(',')} -> ${rule.group}`,
        group: rule.group,
        matchers: [{ matches: (labels) => matchesAll(matchers, labels) }],
      };
    }),
    fallbackGroup: config.defaultGroup,
    escalation: {
      responseMs: { ...config.escalation.responseMs },
      resolutionMs: { ...config.escalation.resolutionMs },
      levels: config.escalation.levels.map((level) => ({ ...level })),
    },
    problems: { ...config.problems },
  };
}
