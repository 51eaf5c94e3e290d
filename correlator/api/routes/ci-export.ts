import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csvHeader, csvRow } from '../../cmdb/export-csv.js';
import { CI_CLASSES } from '../../model/itil.js';
import type { ApiContext } from '../context.js';
import { presentCi } from '../present.js';

/** CIs read per store page while exporting. */
const EXPORT_PAGE = 1000;

/** The whole CMDB (or one class, or a name search) as one JSON document or CSV file. */
export function ciExportRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/cis/export',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'Export configuration items as JSON or CSV',
          tags: ['cmdb'],
          querystring: Type.Object(
            {
              format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
              class: Type.Optional(Type.Union(CI_CLASSES.map((c) => Type.Literal(c)))),
              q: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { format = 'json', ...filter } = request.query;
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
