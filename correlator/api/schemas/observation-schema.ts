import { Type } from 'typebox';
import { CI_CLASSES, RELATION_TYPES } from '../../model/itil.js';

/** Bounds of one observation batch: a host's inventory is a few hundred CIs. */
export const OBSERVATION_LIMITS = { cis: 5000, relations: 20_000, attributes: 256, identifiers: 16 } as const;

const Name = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** One observed CI. Attribute values are any JSON (bounded by the body limit). */
export const CiObservationSchema = Type.Object(
  {
    ref: Name(256),
    class: Type.Union(CI_CLASSES.map((c) => Type.Literal(c))),
    name: Name(256),
    identifiers: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 512 }), {
      maxProperties: OBSERVATION_LIMITS.identifiers,
    }),
    attributes: Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.Unknown(), {
      maxProperties: OBSERVATION_LIMITS.attributes,
    }),
  },
  { additionalProperties: false },
);

/** Body of `POST /api/v1/observations`: one `ObservationBatch` (correlator/model/observation.ts). */
export const ObservationBatchSchema = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    observedAt: Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 }),
    cis: Type.Array(CiObservationSchema, { minItems: 1, maxItems: OBSERVATION_LIMITS.cis }),
    relations: Type.Array(
      Type.Object(
        { from: Name(256), to: Name(256), type: Type.Union(RELATION_TYPES.map((t) => Type.Literal(t))) },
        { additionalProperties: false },
      ),
      { maxItems: OBSERVATION_LIMITS.relations },
    ),
  },
  { additionalProperties: false },
);
