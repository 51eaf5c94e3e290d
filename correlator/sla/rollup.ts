import type { Severity } from '../model/severity.js';

/** When a service counts as down, from the state of its member CIs. */
export type RollupRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'all' }
  | { readonly kind: 'quorum'; readonly down: number };

/** One member's state as the roll-up sees it. */
export interface MemberState {
  readonly up: boolean;
  /** Severity of its worst firing alert, if any. */
  readonly severity?: Severity;
}

const ORDER: readonly Severity[] = ['critical', 'major', 'minor', 'warning', 'info', 'ok'];

/**
 * A service's state from its members: down when any / all / at least `down` members are down; its
 * severity is the highest of its members'. A service with no members is up (nothing to fail) and
 * says so with `members: 0`, so a selector matching nothing shows in reports instead of hiding.
 */
export function rollUp(
  members: readonly MemberState[],
  rule: RollupRule,
): { up: boolean; severity: Severity | null; down: number; members: number } {
  const down = members.filter((m) => !m.up).length;
  const isDown =
    members.length > 0 &&
    (rule.kind === 'any' ? down > 0 : rule.kind === 'all' ? down === members.length : down >= rule.down);
  let severity: Severity | null = null;
  for (const m of members)
    if (m.severity && (severity === null || ORDER.indexOf(m.severity) < ORDER.indexOf(severity)))
      severity = m.severity;
  return { up: !isDown, severity, down, members: members.length };
}
