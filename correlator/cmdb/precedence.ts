/**
 * Which source's value of a CI attribute wins when several report it (CMDB issue: "source
 * precedence per attribute"). Sources earlier in a list rank higher; sources not listed rank
 * below every listed one and among themselves equally, so the newest report wins between them.
 */
export interface PrecedencePolicy {
  /** Ranking for attributes without their own entry. */
  readonly default: readonly string[];
  /** Per-attribute rankings, e.g. `{ os: [api, ssh, host, snmp] }`. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/** Manual edits through the API first, then the richest collectors. */
export const DEFAULT_PRECEDENCE: PrecedencePolicy = {
  default: ['api', 'ssh', 'snmp', 'host'],
  attributes: {},
};

/** The rank of `source` for `attribute`: 0 is the strongest. */
export function rankOf(policy: PrecedencePolicy, attribute: string, source: string): number {
  const order = policy.attributes[attribute] ?? policy.default;
  const index = order.indexOf(source);
  return index === -1 ? order.length : index;
}

/**
 * Whether a report from `incoming` may replace the value `current` set: a stronger or equally
 * strong source replaces it (the newer report of equals wins), a weaker one does not.
 */
export function mayReplace(
  policy: PrecedencePolicy,
  attribute: string,
  incoming: string,
  current: string,
): boolean {
  return rankOf(policy, attribute, incoming) <= rankOf(policy, attribute, current);
}
