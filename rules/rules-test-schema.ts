import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { NativeEventSchema } from '../correlator/api/schemas/event-schema.js';
import { CATEGORIES, IMPACTS, INCIDENT_STATUSES, PRIORITIES, URGENCIES } from '../correlator/model/itil.js';

const OFFSET = Type.Union([Type.String({ maxLength: 32 }), Type.Number({ minimum: 0 })], {
  hint: 'an offset from the start such as 0s, 90s or 5m',
});

/** One input event of a rule test: a native event and when (offset from the start) it arrives. */
const InputEvent = Type.Object(
  { at: OFFSET, ...NativeEventSchema.properties },
  { additionalProperties: false },
);

/** What an incident must look like (only the fields given are compared). */
const ExpectedIncident = Type.Object(
  {
    resource: Type.Optional(Type.String({ maxLength: 256 })),
    check: Type.Optional(Type.String({ maxLength: 256 })),
    status: Type.Optional(Type.Enum(INCIDENT_STATUSES)),
    priority: Type.Optional(Type.Enum(PRIORITIES)),
    category: Type.Optional(Type.Enum(CATEGORIES)),
    impact: Type.Optional(Type.Enum(IMPACTS)),
    urgency: Type.Optional(Type.Enum(URGENCIES)),
    assignmentGroup: Type.Optional(Type.String({ maxLength: 128 })),
    alertCount: Type.Optional(Type.Integer({ minimum: 0 })),
    relatedIncidents: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** What an alert must look like; `reasons` must all be among the alert's reasons. */
const ExpectedAlert = Type.Object(
  {
    resource: Type.String({ maxLength: 256 }),
    check: Type.String({ maxLength: 256 }),
    state: Type.Optional(Type.Enum(['firing', 'resolved', 'suppressed'] as const)),
    hasIncident: Type.Optional(Type.Boolean()),
    count: Type.Optional(Type.Integer({ minimum: 0 })),
    reasons: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 })),
  },
  { additionalProperties: false },
);

/** The expected state at one offset: all incidents (in the order opened) and/or some alerts. */
const Expectation = Type.Object(
  {
    at: OFFSET,
    incidents: Type.Optional(Type.Array(ExpectedIncident, { maxItems: 1000 })),
    alerts: Type.Optional(Type.Array(ExpectedAlert, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

/** A rule test file (`vigil rules test FILE`, docs/rules-test.md). */
export const RulesTestFileSchema = Type.Object(
  {
    ruleFiles: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), { minItems: 1, maxItems: 100 }),
    tests: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 256 }),
          events: Type.Array(InputEvent, { maxItems: 10_000 }),
          expect: Type.Array(Expectation, { minItems: 1, maxItems: 1000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

/** A rule test file after schema validation. */
export type RulesTestFile = Static<typeof RulesTestFileSchema>;

/** The compiled validator of rule test files. */
export const rulesTestValidator = Compile(RulesTestFileSchema);
