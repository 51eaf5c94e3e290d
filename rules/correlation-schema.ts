import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { CATEGORIES, IMPACTS, URGENCIES } from '../correlator/model/itil.js';

/** The kinds of correlation rule a rule file's `correlation:` list may hold. */
export const CORRELATION_KINDS = ['classification', 'grouping', 'transient', 'flapping'] as const;

const NAME = Type.String({
  maxLength: 128,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
  hint: 'a name of letters, digits and - _ . :',
});
const MATCHERS = Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 32 });
const DURATION = Type.Union([Type.String({ maxLength: 32 }), Type.Number({ minimum: 0 })], {
  hint: 'a duration such as 30s, 2m or 1h',
});

/**
 * A classification rule: alerts its matchers select get the category, urgency, impact and
 * assignment group it sets (each optional; at least one). The priority still comes from the
 * configured impact x urgency matrix.
 */
export const ClassificationRuleSchema = Type.Object(
  {
    kind: Type.Literal('classification'),
    name: NAME,
    matchers: Type.Optional(MATCHERS),
    category: Type.Optional(Type.Enum(CATEGORIES)),
    urgency: Type.Optional(Type.Enum(URGENCIES)),
    impact: Type.Optional(Type.Enum(IMPACTS)),
    assignmentGroup: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
        hint: 'a group name',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A classification rule after schema validation. */
export type ClassificationInput = Static<typeof ClassificationRuleSchema>;

/**
 * A grouping rule: alerts its matchers select that share the `groupBy` label values and/or the same
 * or a related CMDB CI join one incident opened within `window`, or (`mode: link`) open their own
 * incident linked to it; with `threshold`, an incident opens only after `count` matching alerts
 * within `within`.
 */
export const GroupingRuleSchema = Type.Object(
  {
    kind: Type.Literal('grouping'),
    name: NAME,
    matchers: Type.Optional(MATCHERS),
    groupBy: Type.Optional(
      Type.Array(Type.String({ maxLength: 128, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', hint: 'a label name' }), {
        maxItems: 16,
      }),
    ),
    cmdb: Type.Optional(Type.Enum(['same_ci', 'related'] as const)),
    window: DURATION,
    mode: Type.Optional(Type.Enum(['merge', 'link'] as const)),
    threshold: Type.Optional(
      Type.Object(
        {
          count: Type.Integer({ minimum: 2, maximum: 10_000, hint: 'a whole number from 2 to 10000' }),
          within: DURATION,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A grouping rule after schema validation. */
export type GroupingInput = Static<typeof GroupingRuleSchema>;

/** A transient rule: an alert it selects that resolves within `within` of firing opens no incident. */
export const TransientRuleSchema = Type.Object(
  { kind: Type.Literal('transient'), name: NAME, matchers: Type.Optional(MATCHERS), within: DURATION },
  { additionalProperties: false },
);

/**
 * A flapping rule: an alert it selects that changes state more than `changes` times within
 * `within` is flapping and holds its incident open until it has been stable for `within`.
 */
export const FlappingRuleSchema = Type.Object(
  {
    kind: Type.Literal('flapping'),
    name: NAME,
    matchers: Type.Optional(MATCHERS),
    changes: Type.Integer({ minimum: 2, maximum: 100, hint: 'a whole number from 2 to 100' }),
    within: DURATION,
  },
  { additionalProperties: false },
);

/** The compiled validator of each kind. */
export const correlationValidators = {
  classification: Compile(ClassificationRuleSchema),
  grouping: Compile(GroupingRuleSchema),
  transient: Compile(TransientRuleSchema),
  flapping: Compile(FlappingRuleSchema),
} as const;

/** The schema of each kind, for error messages (allowed keys, hints). */
export const correlationSchemas = {
  classification: ClassificationRuleSchema,
  grouping: GroupingRuleSchema,
  transient: TransientRuleSchema,
  flapping: FlappingRuleSchema,
} as const;
