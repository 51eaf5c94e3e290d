import Type from 'typebox';

/**
 * The `suppression` section of the config (docs/suppression.md): maintenance windows and
 * inhibition rules. Kept in its own file and referenced from `schema.ts`. What one value cannot
 * express (a valid cron expression, time zone, matcher, unique names) is checked by
 * `suppression-checks.ts` with file and line.
 */
const closed = { additionalProperties: false } as const;

const strings = (description: string, maxItems = 100) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), { default: [], maxItems, description });

const MaintenanceSchedule = Type.Object(
  {
    startsAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'One-off window: start (ISO-8601).' }),
    ),
    endsAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'One-off window: end (ISO-8601).' }),
    ),
    cron: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'Recurring window: five-field cron of each start.',
      }),
    ),
    duration: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: 'Recurring window: how long each opening lasts.',
      }),
    ),
    timezone: Type.String({
      default: 'UTC',
      maxLength: 64,
      description: 'IANA time zone the cron is read in.',
    }),
  },
  closed,
);

const MaintenanceWindow = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, description: 'Unique name, shown in reasons.' }),
    selector: Type.Object(
      {
        ciIds: strings('CI ids whose alerts the window covers.'),
        names: strings('CI or resource names whose alerts the window covers.'),
        classes: strings('CI classes whose alerts the window covers.'),
        matchers: strings('Label matchers; an alert all of them accept is covered.'),
      },
      closed,
    ),
    schedule: MaintenanceSchedule,
    comment: Type.String({ default: '', maxLength: 4096, description: 'Why; shown in reasons.' }),
  },
  closed,
);

const InhibitRule = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, description: 'Unique name, shown in reasons.' }),
    source: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      minItems: 1,
      maxItems: 32,
      description: 'Matchers a firing alert must all satisfy to inhibit others.',
    }),
    target: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      minItems: 1,
      maxItems: 32,
      description: 'Matchers an alert must all satisfy to be inhibited.',
    }),
    equal: Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 128 }), {
      default: [],
      maxItems: 32,
      description: 'Labels that must have the same value on source and target.',
    }),
  },
  closed,
);

const Topology = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Turn dependents of a down CI into its symptoms.' }),
    wait: Type.String({
      default: '30s',
      maxLength: 32,
      description: "How long a dependent's alert waits for its parent's down alert.",
    }),
    down: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      default: ['check=~"(.+\\.)?(down|unreachable)"'],
      minItems: 1,
      maxItems: 32,
      description: 'Matchers of the alerts that mean a CI is down.',
    }),
    maxDepth: Type.Integer({ minimum: 1, maximum: 10, default: 4, description: 'Dependency hops followed.' }),
  },
  { ...closed, default: {} },
);

/** `suppression`: maintenance windows, inhibition rules and topology suppression. */
export const Suppression = Type.Object(
  {
    maintenance: Type.Array(MaintenanceWindow, { default: [], maxItems: 1000 }),
    inhibit: Type.Array(InhibitRule, { default: [], maxItems: 1000 }),
    topology: Topology,
  },
  { ...closed, default: {} },
);
