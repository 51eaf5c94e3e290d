import type { Category, Impact, Urgency } from '../correlator/model/itil.js';
import type { Matcher } from './matchers.js';
import type { RuleLocation } from './rule-types.js';

/**
 * A compiled classification rule: the alerts its matchers select get the fields it sets. Matchers
 * see the alert's labels plus `source`, `resource`, `check`, `severity` and `ciClass`.
 */
export interface ClassificationRule {
  readonly kind: 'classification';
  readonly name: string;
  readonly matchers: readonly Matcher[];
  readonly category?: Category;
  readonly urgency?: Urgency;
  readonly impact?: Impact;
  readonly assignmentGroup?: string;
  readonly origin: RuleLocation;
}

/**
 * A compiled grouping rule: which alerts share an incident (equal `groupBy` labels and/or the same
 * or a related CI, opened within `windowMs`), whether they merge into it or only link to it, and
 * how many matching alerts within how long an incident waits for before it opens.
 */
export interface GroupingRule {
  readonly kind: 'grouping';
  readonly name: string;
  readonly matchers: readonly Matcher[];
  readonly groupBy: readonly string[];
  readonly cmdb: 'same_ci' | 'related' | null;
  readonly windowMs: number;
  readonly mode: 'merge' | 'link';
  readonly threshold: { readonly count: number; readonly withinMs: number } | null;
  readonly origin: RuleLocation;
}

/** A compiled transient rule: selected alerts that resolve within `withinMs` of firing open no incident. */
export interface TransientRule {
  readonly kind: 'transient';
  readonly name: string;
  readonly matchers: readonly Matcher[];
  readonly withinMs: number;
  readonly origin: RuleLocation;
}

/**
 * A compiled flapping rule: a selected alert with more than `changes` state changes within
 * `withinMs` is flapping; its incident stays open until the alert was stable for `withinMs`.
 */
export interface FlappingRule {
  readonly kind: 'flapping';
  readonly name: string;
  readonly matchers: readonly Matcher[];
  readonly changes: number;
  readonly withinMs: number;
  readonly origin: RuleLocation;
}

/** Any correlation rule, discriminated by `kind`. */
export type CorrelationRule = ClassificationRule | GroupingRule | TransientRule | FlappingRule;

/** The correlation rules of all loaded files, split by kind, in load order. */
export interface CorrelationRules {
  readonly classification: readonly ClassificationRule[];
  readonly grouping: readonly GroupingRule[];
  readonly transient: readonly TransientRule[];
  readonly flapping: readonly FlappingRule[];
}

/** No correlation rules: what the pipeline uses when none are configured. */
export const NO_CORRELATION_RULES: CorrelationRules = {
  classification: [],
  grouping: [],
  transient: [],
  flapping: [],
};
