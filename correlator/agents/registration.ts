import type { ObservationBatch } from '../model/observation.js';

/** One server-side registration rule (config `registration:`), like a Zabbix auto-registration action. */
export interface RegistrationRule {
  readonly name: string;
  /** All given conditions must hold; `*` and `?` are wildcards. No conditions: every agent. */
  readonly match: {
    readonly hostname?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly metadata?: Readonly<Record<string, string>>;
  };
  /** Assignment groups recorded on the host CI. */
  readonly groups: readonly string[];
  /** Service CIs that depend on the host (created when missing). */
  readonly services: readonly string[];
  /** Labels added to the host CI (a later rule wins on the same name). */
  readonly labels: Readonly<Record<string, string>>;
}

/** What an agent announces on start (`POST /api/v1/agents/register`). */
export interface AgentAnnouncement {
  hostname: string;
  labels: Record<string, string>;
  metadata: Record<string, string>;
}

/** Where the rules placed an agent. */
export interface Placement {
  rules: string[];
  groups: string[];
  services: string[];
  labels: Record<string, string>;
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

function matchesAll(patterns: Readonly<Record<string, string>> | undefined, values: Record<string, string>) {
  return Object.entries(patterns ?? {}).every(
    ([key, pattern]) => values[key] !== undefined && wildcard(pattern).test(values[key]!),
  );
}

/** Applies every matching rule in order: groups and services add up, labels merge (later wins). */
export function placeAgent(rules: readonly RegistrationRule[], agent: AgentAnnouncement): Placement {
  const placement: Placement = { rules: [], groups: [], services: [], labels: { ...agent.labels } };
  for (const rule of rules) {
    if (rule.match.hostname !== undefined && !wildcard(rule.match.hostname).test(agent.hostname)) continue;
    if (!matchesAll(rule.match.labels, agent.labels) || !matchesAll(rule.match.metadata, agent.metadata))
      continue;
    placement.rules.push(rule.name);
    for (const g of rule.groups) if (!placement.groups.includes(g)) placement.groups.push(g);
    for (const s of rule.services) if (!placement.services.includes(s)) placement.services.push(s);
    Object.assign(placement.labels, rule.labels);
  }
  return placement;
}

/**
 * The CMDB observation of a registration: the host CI (by hostname) carrying the agent's metadata,
 * groups and labels, and each placed service as a CI that `depends_on` the host.
 */
export function registrationObservation(
  agent: AgentAnnouncement,
  placement: Placement,
  at: number,
): ObservationBatch {
  return {
    source: 'agent',
    observedAt: at,
    cis: [
      {
        ref: 'host',
        class: 'host',
        name: agent.hostname,
        identifiers: { hostname: agent.hostname },
        attributes: {
          agent: { ...agent.metadata },
          assignmentGroups: [...placement.groups],
          labels: { ...placement.labels },
          registrationRules: [...placement.rules],
        },
      },
      ...placement.services.map((name) => ({
        ref: `service:${name}`,
        class: 'service' as const,
        name,
        identifiers: { name },
        attributes: {},
      })),
    ],
    relations: placement.services.map((name) => ({
      from: `service:${name}`,
      to: 'host',
      type: 'depends_on' as const,
    })),
  };
}
