import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import { PROBLEM_STATES } from '../../model/records.js';
import type { ApiContext } from '../context.js';
import { presentIncident, presentProblem } from '../present.js';
import { PageQuery } from '../schemas/common.js';
import { strictValidator } from '../strict-validator.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^PRB-[0-9]{6,12}$' }) });
const State = Type.Union(PROBLEM_STATES.map((s) => Type.Literal(s)));
/** A root cause or workaround: text, or null to clear it. */
const Text = Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 16_384 }), Type.Null()]));

/** Incidents shown on a problem's detail at most (the newest ones). */
const DETAIL_INCIDENTS = 500;

/** Problem list, detail (with its incidents) and the operator's update of a problem. */
export function problemRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/problems',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List problems, newest first',
          tags: ['problems'],
          querystring: Type.Object(
            { state: Type.Optional(State), ...PageQuery },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { limit = 100, ...rest } = request.query;
        const page = await ctx.store.listProblems({ ...rest, limit });
        return { items: page.items.map(presentProblem), next: page.next };
      },
    );

    app.get(
      '/api/v1/problems/:id',
      {
        config: { permission: 'read' },
        schema: { summary: 'One problem with its incidents', tags: ['problems'], params: IdParams },
      },
      async (request) => {
        const problem = await ctx.store.getProblem(request.params.id);
        if (!problem) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Problem', id: request.params.id });
        const incidents = await Promise.all(
          problem.incidentIds.slice(-DETAIL_INCIDENTS).map((id) => ctx.store.getIncident(id)),
        );
        return {
          ...presentProblem(problem),
          incidents: incidents.flatMap((i) => (i ? [presentIncident(i)] : [])),
        };
      },
    );

    app.patch(
      '/api/v1/problems/:id',
      {
        config: { permission: 'act' },
        // No coercion: `""` must not pass as null (clear) nor `42` as "42".
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Set the root cause, workaround or state of a problem',
          tags: ['problems'],
          params: IdParams,
          body: Type.Object(
            { state: Type.Optional(State), rootCause: Text, workaround: Text },
            { additionalProperties: false, minProperties: 1 },
          ),
        },
      },
      async (request) => presentProblem(await ctx.pipeline.updateProblem(request.params.id, request.body)),
    );
  };
}
