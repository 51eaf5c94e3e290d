import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import type { ObservationBatch } from '../../model/observation.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../schemas/common.js';
import { ObservationBatchSchema } from '../schemas/observation-schema.js';
import { strictValidator } from '../strict-validator.js';

/** Checks what a schema cannot: refs unique, relations between refs of the batch. */
export function observationProblem(batch: ObservationBatch): string | null {
  const refs = new Set<string>();
  for (const ci of batch.cis) {
    if (refs.has(ci.ref)) return `/cis ref "${ci.ref.slice(0, 64)}" appears twice`;
    refs.add(ci.ref);
  }
  for (const [i, r] of batch.relations.entries()) {
    if (!refs.has(r.from) || !refs.has(r.to)) return `/relations/${i} refers to a ref not in /cis`;
  }
  return null;
}

/**
 * `POST /api/v1/observations`: CI observations from agents (and other collectors), reconciled into
 * the CMDB at once; 202 once stored. Validated strictly (no coercion) before anything is written.
 */
export function observationRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/observations',
      {
        config: { permission: 'ingest' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Ingest a batch of CI observations',
          tags: ['ingest', 'cmdb'],
          body: ObservationBatchSchema,
          response: {
            202: Type.Object({
              created: Type.Integer(),
              updated: Type.Integer(),
              ids: Type.Record(Type.String(), Type.String()),
            }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const batch = request.body as ObservationBatch;
        const problem = observationProblem(batch);
        if (problem) throw new VigilError('VIGIL_ERR_VALIDATION', { reason: problem });
        const result = await ctx.cmdb.observe(batch);
        return reply
          .code(202)
          .send({ created: result.created, updated: result.updated, ids: Object.fromEntries(result.ids) });
      },
    );
  };
}
