import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { CATEGORIES } from '../correlator/model/itil.js';

/** Severities a rule may raise (`ok` is not a problem severity). */
export const RULE_SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;

const DURATION = Type.Union([Type.String({ maxLength: 32 }), Type.Number({ minimum: 0 })], {
  hint: 'a duration such as 30s, 2m or 1h',
});

/**
 * One threshold rule as written in YAML. Unknown keys are errors: a misspelt `recover_for`
 * silently ignored would change when alerts resolve.
 */
export const ThresholdSchema = Type.Object(
  {
    name: Type.String({
      maxLength: 128,
      pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
      hint: 'a name of letters, digits and - _ . : (it becomes the event check)',
    }),
    check: Type.Optional(
      Type.String({
        maxLength: 128,
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
        hint: 'a check name like the rule name',
      }),
    ),
    metric: Type.String({
      maxLength: 128,
      pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$',
      hint: 'a dotted metric name such as filesystem.used_percent',
    }),
    matchers: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 32 })),
    above: Type.Optional(Type.Number({ hint: 'a finite number' })),
    below: Type.Optional(Type.Number({ hint: 'a finite number' })),
    recover: Type.Optional(Type.Number({ hint: 'a finite number' })),
    for: Type.Optional(DURATION),
    recoverFor: Type.Optional(DURATION),
    severity: Type.Enum(RULE_SEVERITIES),
    category: Type.Enum(CATEGORIES),
    summary: Type.Optional(Type.String({ maxLength: 1024 })),
    labels: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 256 }), { maxProperties: 32 })),
  },
  { additionalProperties: false },
);

/** A threshold rule after schema validation, before compilation. */
export type ThresholdInput = Static<typeof ThresholdSchema>;

/**
 * A rule file: `thresholds`, `correlation` (a `kind`-discriminated list, each entry validated by
 * its kind's schema in `compile-correlation.ts`) and `classification` (reserved; passed through
 * untouched). Nothing else.
 */
export const RuleFileSchema = Type.Object(
  {
    thresholds: Type.Optional(Type.Array(ThresholdSchema, { maxItems: 5000 })),
    correlation: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 5000 })),
    classification: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

/** A rule file after schema validation. */
export type RuleFileInput = Static<typeof RuleFileSchema>;

/** The compiled validator of rule files. */
export const ruleFileValidator = Compile(RuleFileSchema);
