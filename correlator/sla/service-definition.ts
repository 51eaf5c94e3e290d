import type { BusinessHours } from './business-hours.js';
import type { Interval } from './intervals.js';
import type { PeriodKind } from './period.js';
import type { ResponseTargets } from './response-targets.js';
import type { RollupRule } from './rollup.js';
import type { CiSelector } from './selector.js';

/** An SLA definition (config `sla[]`): what a service promises. */
export interface SlaDefinition {
  readonly name: string;
  /** Availability target as a ratio, 0 < target < 1 (0.999 for 99.9 %). */
  readonly availability: number;
  readonly period: PeriodKind;
  /** Zone of calendar months (and of business hours when they name none). */
  readonly timeZone: string;
  readonly businessHours: BusinessHours | null;
  readonly targets: ResponseTargets;
}

/** A service (config `services[]`): CIs chosen by selectors, rolled up into one up/down state. */
export interface ServiceDefinition {
  readonly name: string;
  readonly selectors: readonly CiSelector[];
  readonly rollup: RollupRule;
  /** The SLA it is measured against, or null (availability only). */
  readonly sla: SlaDefinition | null;
  /** Planned maintenance, excluded from its availability. */
  readonly maintenance: readonly Interval[];
}
