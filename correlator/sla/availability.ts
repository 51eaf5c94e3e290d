import { type BusinessHours, businessIntervals } from './business-hours.js';
import { type Interval, intersect, subtract, totalMs } from './intervals.js';

/** What availability is computed from. All intervals half-open, ms since epoch. */
export interface AvailabilityInput {
  /** The period measured. */
  readonly window: Interval;
  /** Times the service was down; may overlap each other and cross the window's edges. */
  readonly outages: readonly Interval[];
  /** Planned maintenance, excluded from both scheduled time and downtime. */
  readonly maintenance: readonly Interval[];
  /** Null: 24x7. */
  readonly businessHours: BusinessHours | null;
}

/** Availability over one window, with the figures it was computed from. */
export interface Availability {
  /** Business time in the window minus maintenance: the time the service had to be up. */
  readonly scheduledMs: number;
  /** Outage time inside the scheduled time, overlaps counted once. */
  readonly downtimeMs: number;
  /** Scheduled business time that maintenance took out. */
  readonly maintenanceMs: number;
  /** 1 - downtime / scheduled; 1 when nothing was scheduled. */
  readonly ratio: number;
}

/**
 * Exact availability: the outages are merged (overlaps count once), clipped to the window and to
 * business hours, and maintenance is taken out of both the scheduled time and the downtime, so an
 * outage during announced maintenance costs nothing. Pure.
 */
export function availability(input: AvailabilityInput): Availability {
  const business = businessIntervals(input.window, input.businessHours);
  const scheduled = subtract(business, input.maintenance);
  const scheduledMs = totalMs(scheduled);
  const downtimeMs = totalMs(intersect(input.outages, scheduled));
  return {
    scheduledMs,
    downtimeMs,
    maintenanceMs: totalMs(business) - scheduledMs,
    ratio: scheduledMs === 0 ? 1 : 1 - downtimeMs / scheduledMs,
  };
}

/** How an availability figure stands against its target. */
export interface Attainment {
  readonly target: number;
  readonly met: boolean;
  /** Downtime the target allows over the scheduled time: (1 - target) x scheduled. */
  readonly errorBudgetMs: number;
  /** Share of the error budget left: 1 untouched, 0 spent, negative when overspent (1 when nothing was scheduled). */
  readonly errorBudgetRemaining: number;
}

/** Compares an availability with a target ratio (0.999 for 99.9 %). */
export function attainment(a: Availability, target: number): Attainment {
  const errorBudgetMs = (1 - target) * a.scheduledMs;
  return {
    target,
    met: a.ratio >= target,
    errorBudgetMs,
    // Targets are below 1 (config), so the budget is 0 only when nothing was scheduled.
    errorBudgetRemaining: errorBudgetMs <= 0 ? 1 : 1 - a.downtimeMs / errorBudgetMs,
  };
}
