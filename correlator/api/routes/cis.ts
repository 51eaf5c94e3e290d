import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { impactOf } from '../../cmdb/impact.js';
import { VigilError } from '../../errors/vigil-error.js';
import { parseCiFilter } from '../ci-list-query.js';
import type { ApiContext } from '../context.js';
import { presentCi, presentHistory, presentRelation } from '../present.js';
import { PageQuery } from '../schemas/common.js';

/** How many history entries a CI detail shows (newest first). */
const HISTORY_LIMIT = 200;

const CiParams = Type.Object({ id: Type.String({ pattern: '^CI-[0-9]{6,12}$' }) });

/** CMDB reads: filtered CI list, CI detail with relations and per-attribute history, impact. */
export function ciRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/cis',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List configuration items',
          tags: ['cmdb'],
          description:
            'Filters: class, state (discovered, active, missing, retired), source (that observed the CI) and q (exact or prefix match, case-insensitive, on name, FQDN, host name, serial, system UUID, MAC or address). Bad filters answer VIGIL_ERR_CI_FILTER naming the parameter.',
          // Paging is checked by the schema; the filters by parseCiFilter, whose errors name them.
          querystring: Type.Object({ ...PageQuery }, { additionalProperties: true }),
        },
      },
      async (request) => {
        const {
          limit = 100,
          cursor,
          ...filters
        } = request.query as Record<string, unknown> & {
          limit?: number;
          cursor?: string;
        };
        const filter = parseCiFilter(filters, []);
        const page = await ctx.store.listCis({ ...filter, limit, ...(cursor ? { cursor } : {}) });
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
          params: CiParams,
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

    app.get(
      '/api/v1/cis/:id/impact',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'Everything that depends on a configuration item, transitively, and the impact level',
          tags: ['cmdb'],
          params: CiParams,
        },
      },
      async (request) => {
        const ci = await ctx.store.getCi(request.params.id);
        if (!ci) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'CI', id: request.params.id });
        const result = await impactOf(ctx.store, ci.id, ctx.cmdb.impactThresholds);
        const dependents = await Promise.all(result.dependents.map((id) => ctx.store.getCi(id)));
        return {
          ci: presentCi(ci),
          impact: result.impact,
          count: result.dependents.length,
          truncated: result.truncated,
          dependents: dependents.flatMap((d) =>
            d ? [{ id: d.id, class: d.class, name: d.name, state: d.state }] : [],
          ),
        };
      },
    );
  };
}
