import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csvHeader, csvRow } from '../../cmdb/export-csv.js';
import { parseCiFilter } from '../ci-list-query.js';
import type { ApiContext } from '../context.js';
import { presentCi } from '../present.js';

/** CIs read per store page while exporting. */
const EXPORT_PAGE = 1000;

/** The whole CMDB, or the CIs the list filters select, as one JSON document or CSV file. */
export function ciExportRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/cis/export',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'Export configuration items as JSON or CSV',
          tags: ['cmdb'],
          // The format is checked by the schema; the filters by parseCiFilter, as for the list.
          querystring: Type.Object(
            { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) },
            { additionalProperties: true },
          ),
        },
      },
      async (request, reply) => {
        const { format = 'json', ...filters } = request.query as Record<string, unknown> & {
          format?: 'json' | 'csv';
        };
        const filter = parseCiFilter(filters, []);
        const cis = [];
        let cursor: string | undefined;
        do {
          const page = await ctx.store.listCis({
            ...filter,
            limit: EXPORT_PAGE,
            ...(cursor ? { cursor } : {}),
          });
          cis.push(...page.items);
          cursor = page.next ?? undefined;
        } while (cursor);
        const stamp = new Date(ctx.clock.now()).toISOString().slice(0, 10);
        if (format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="vigil-cmdb-${stamp}.csv"`)
            .send(csvHeader() + cis.map(csvRow).join(''));
        }
        return reply
          .header('content-disposition', `attachment; filename="vigil-cmdb-${stamp}.json"`)
          .send({ exportedAt: new Date(ctx.clock.now()).toISOString(), items: cis.map(presentCi) });
      },
    );
  };
}
