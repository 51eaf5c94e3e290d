import type { ThresholdRule } from './rule-types.js';

/**
 * Where one series stands against one rule. `inactive` series are not stored.
 * inactive -> pending (beyond the threshold, waiting `for`) -> firing -> recovering (back past
 * `recover`, waiting `recoverFor`) -> inactive.
 */
export type SeriesPhase = 'inactive' | 'pending' | 'firing' | 'recovering';

/** A phase and when the series entered it (ms since epoch). */
export interface PhaseState {
  readonly phase: SeriesPhase;
  readonly since: number;
}

/** The next state, and the event to emit when the step crosses into firing or out of it. */
export interface PhaseStep {
  readonly state: PhaseState;
  readonly emit?: 'firing' | 'resolved';
}

/**
 * One evaluation step of the per-series state machine; pure, so time-scripted tests can drive
 * it. Hysteresis: a firing series resolves only once the value is back at or past `recover`
 * (default: the threshold), so a value oscillating between threshold and recover cannot flap.
 */
export function stepPhase(
  state: PhaseState,
  value: number,
  now: number,
  rule: Pick<ThresholdRule, 'direction' | 'threshold' | 'recover' | 'forMs' | 'recoverForMs'>,
): PhaseStep {
  const beyond = rule.direction === 'above' ? value > rule.threshold : value < rule.threshold;
  const recovered = rule.direction === 'above' ? value <= rule.recover : value >= rule.recover;
  switch (state.phase) {
    case 'inactive':
      if (!beyond) return { state };
      return rule.forMs === 0
        ? { state: { phase: 'firing', since: now }, emit: 'firing' }
        : { state: { phase: 'pending', since: now } };
    case 'pending':
      if (!beyond) return { state: { phase: 'inactive', since: now } };
      return now - state.since >= rule.forMs
        ? { state: { phase: 'firing', since: now }, emit: 'firing' }
        : { state };
    case 'firing':
      if (!recovered) return { state };
      return rule.recoverForMs === 0
        ? { state: { phase: 'inactive', since: now }, emit: 'resolved' }
        : { state: { phase: 'recovering', since: now } };
    case 'recovering':
      if (!recovered) return { state: { phase: 'firing', since: now } };
      return now - state.since >= rule.recoverForMs
        ? { state: { phase: 'inactive', since: now }, emit: 'resolved' }
        : { state };
  }
}
