import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { placeAgent, registrationObservation } from '../../agents/registration.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../schemas/common.js';
import { LabelSet } from '../schemas/event-schema.js';
import { strictValidator } from '../strict-validator.js';

const Announcement = Type.Object(
  {
    hostname: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    labels: LabelSet,
    metadata: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 256 }), {
      maxProperties: 32,
    }),
  },
  { additionalProperties: false },
);

/**
 * `POST /api/v1/agents/register`: an agent announces its host on start; the server's registration
 * rules place it (groups, services, labels) and the host CI is created or updated in the CMDB.
 * Idempotent: announcing again updates the same CI.
 */
export function agentRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/agents/register',
      {
        config: { permission: 'ingest' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Register an agent and place its host',
          tags: ['ingest', 'cmdb'],
          body: Announcement,
          response: {
            200: Type.Object({
              ciId: Type.String(),
              rules: Type.Array(Type.String()),
              groups: Type.Array(Type.String()),
              services: Type.Array(Type.String()),
              labels: Type.Record(Type.String(), Type.String()),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const placement = placeAgent(ctx.registration ?? [], request.body);
        const result = await ctx.cmdb.observe(
          registrationObservation(request.body, placement, ctx.clock.now()),
        );
        return { ciId: result.ids.get('host')!, ...placement };
      },
    );
  };
}
