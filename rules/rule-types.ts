import type { Document, LineCounter } from 'yaml';
import type { Category } from '../correlator/model/itil.js';
import type { CorrelationRule, CorrelationRules } from './correlation-types.js';
import type { Matcher } from './matchers.js';
import type { RULE_SEVERITIES } from './rule-schema.js';
import type { CompiledTemplate } from './template.js';

/** Where something is written in a rule file (1-based). */
export interface RuleLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A severity a rule may raise. */
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** A validated, compiled threshold rule: what the evaluator runs. */
export interface ThresholdRule {
  readonly name: string;
  /** The event check: `check:` or the rule name. */
  readonly check: string;
  readonly metric: string;
  readonly matchers: readonly Matcher[];
  /** `above`: fires when value > threshold; `below`: fires when value < threshold. */
  readonly direction: 'above' | 'below';
  readonly threshold: number;
  /** Hysteresis: resolves once value <= recover (above) / value >= recover (below). */
  readonly recover: number;
  readonly forMs: number;
  readonly recoverForMs: number;
  readonly severity: RuleSeverity;
  readonly category: Category;
  readonly summary: CompiledTemplate;
  readonly labels: Readonly<Record<string, string>>;
  /** Where the rule is written, for error messages and `vigil rules test`. */
  readonly origin: RuleLocation;
}

/** One parsed rule file. */
export interface RuleFile {
  readonly file: string;
  readonly thresholds: readonly ThresholdRule[];
  /** The file's `correlation:` rules, compiled, in file order. */
  readonly correlation: readonly CorrelationRule[];
  /**
   * The `classification:` section exactly as parsed (plain data), or `undefined`. The
   * correlator validates it; `document` and `lineCounter` give it line numbers for errors.
   */
  readonly classification: unknown;
  readonly document: Document;
  readonly lineCounter: LineCounter;
}

/** All loaded rule files, with rule names checked unique across them. */
export interface RuleSet {
  readonly files: readonly RuleFile[];
  readonly thresholds: readonly ThresholdRule[];
  /** The correlation rules of all files by kind, in load order. */
  readonly correlation: CorrelationRules;
}
