import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createManualCi, updateManualCi } from '../../cmdb/manual-edit.js';
import { CI_CLASSES, CI_STATES } from '../../model/itil.js';
import type { JsonValue } from '../../model/observation.js';
import type { ApiContext } from '../context.js';
import { presentCi } from '../present.js';
import { strictValidator } from '../strict-validator.js';

const AttributeName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,127}$' });
const Attributes = Type.Record(AttributeName, Type.Unknown(), { maxProperties: 100 });
const Identifiers = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_+.:-]{0,63}$' }),
  Type.String({ minLength: 1, maxLength: 512 }),
  { maxProperties: 32 },
);
const Name = Type.String({ minLength: 1, maxLength: 256, pattern: '\\S' });

/** Manual CMDB edits (admin): create a CI, change its name, attributes or lifecycle state. */
export function ciAdminRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/cis',
      {
        config: { permission: 'admin' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Create a configuration item by hand (or update the one its identifiers match)',
          tags: ['cmdb'],
          body: Type.Object(
            {
              class: Type.Union(CI_CLASSES.map((c) => Type.Literal(c))),
              name: Name,
              identifiers: Type.Optional(Identifiers),
              attributes: Type.Optional(Attributes),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { attributes, identifiers, ...rest } = request.body;
        const { ci, created } = await createManualCi(ctx.cmdb, {
          ...rest,
          ...(identifiers ? { identifiers } : {}),
          ...(attributes ? { attributes: attributes as Record<string, JsonValue> } : {}),
        });
        return reply.code(created ? 201 : 200).send(presentCi(ci));
      },
    );

    app.patch(
      '/api/v1/cis/:id',
      {
        config: { permission: 'admin' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Change a configuration item by hand: name, attributes (null clears), lifecycle state',
          tags: ['cmdb'],
          params: Type.Object({ id: Type.String({ pattern: '^CI-[0-9]{6,12}$' }) }),
          body: Type.Object(
            {
              name: Type.Optional(Name),
              attributes: Type.Optional(Attributes),
              state: Type.Optional(Type.Union(CI_STATES.map((s) => Type.Literal(s)))),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
        },
      },
      async (request) => {
        const { attributes, ...rest } = request.body;
        const ci = await updateManualCi(ctx.cmdb, request.params.id, {
          ...rest,
          ...(attributes ? { attributes: attributes as Record<string, JsonValue> } : {}),
        });
        return presentCi(ci);
      },
    );
  };
}
