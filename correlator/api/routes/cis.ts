import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VigilError } from '../../errors/vigil-error.js';
import { CI_CLASSES } from '../../model/itil.js';
import type { ApiContext } from '../context.js';
import { presentCi, presentHistory, presentRelation } from '../present.js';
import { PageQuery } from '../schemas/common.js';

/** How many history entries a CI detail shows (newest first). */
const HISTORY_LIMIT = 200;

/** CMDB reads: filtered CI list and CI detail with relations and per-attribute history. */
export function ciRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/cis',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List configuration items',
          tags: ['cmdb'],
          querystring: Type.Object(
            {
              class: Type.Optional(Type.Union(CI_CLASSES.map((c) => Type.Literal(c)))),
              q: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { limit = 100, ...rest } = request.query;
        const page = await ctx.store.listCis({ ...rest, limit });
        return { items: page.items.map(presentCi), next: page.next };
      },
    );

    app.get(
      '/api/v1/cis/:id',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'One configuration item with relations and history',
          tags: ['cmdb'],
          params: Type.Object({ id: Type.String({ pattern: '^CI-[0-9]{6,12}$' }) }),
        },
      },
      async (request) => {
        const ci = await ctx.store.getCi(request.params.id);
        if (!ci) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'CI', id: request.params.id });
        const [relations, history] = await Promise.all([
          ctx.store.relationsOf(ci.id),
          ctx.store.ciHistory(ci.id, HISTORY_LIMIT),
        ]);
        return {
          ...presentCi(ci),
          relations: relations.map(presentRelation),
          history: history.map(presentHistory),
        };
      },
    );
  };
}
