import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

const NAME = Type.String({
  maxLength: 128,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
  hint: 'a name of letters, digits and - _ . :',
});
const DURATION = Type.Union([Type.String({ maxLength: 32 }), Type.Number({ minimum: 0 })], {
  hint: 'a duration such as 30s, 5m or 1h',
});
const TEMPLATE = Type.String({ maxLength: 1024, hint: 'a string of at most 1024 characters' });

/** An action as written: exactly one of `runbook`, `script`, `webhook` (checked when compiled). */
export const ActionSchema = Type.Object(
  {
    runbook: Type.Optional(NAME),
    script: Type.Optional(NAME),
    webhook: Type.Optional(NAME),
    host: Type.Optional(TEMPLATE),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, hint: 'a port number 1..65535' })),
    user: Type.Optional(
      Type.String({ maxLength: 64, pattern: '^[a-z_][a-z0-9_.-]*$', hint: 'a login name such as vigil' }),
    ),
    params: Type.Optional(Type.Record(Type.String(), TEMPLATE, { maxProperties: 32 })),
    args: Type.Optional(Type.Array(TEMPLATE, { maxItems: 64 })),
    body: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

const RATE = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 100_000, hint: 'an integer of at least 1' }),
    window: DURATION,
  },
  { additionalProperties: false },
);

/** One automation rule as written in YAML; unknown keys are errors. */
export const AutomationRuleSchema = Type.Object(
  {
    name: NAME,
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    match: Type.Array(Type.String({ maxLength: 1024 }), { minItems: 1, maxItems: 32 }),
    action: ActionSchema,
    rollback: Type.Optional(ActionSchema),
    verify: Type.Optional(DURATION),
    cooldown: Type.Optional(DURATION),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, hint: 'an integer 1..100' })),
    rateLimit: Type.Optional(
      Type.Object(
        { perCi: Type.Optional(RATE), perAction: Type.Optional(RATE) },
        { additionalProperties: false },
      ),
    ),
    approval: Type.Optional(Type.Boolean()),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** An automation rule file: `automation:` (a list of rules) and nothing else. */
export const AutomationFileSchema = Type.Object(
  { automation: Type.Array(AutomationRuleSchema, { maxItems: 1000 }) },
  { additionalProperties: false },
);

/** A rule as written, after schema validation. */
export type AutomationRuleInput = Static<typeof AutomationRuleSchema>;
/** An action as written, after schema validation. */
export type ActionInput = Static<typeof ActionSchema>;
/** A rule file after schema validation. */
export type AutomationFileInput = Static<typeof AutomationFileSchema>;

/** The compiled validator of automation rule files. */
export const automationFileValidator = Compile(AutomationFileSchema);
