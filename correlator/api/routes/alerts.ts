import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiContext } from '../context.js';
import { withIncidentReasons } from '../incident-reasons.js';
import { presentAlert } from '../present.js';
import { PageQuery } from '../schemas/common.js';

/**
 * `GET /api/v1/alerts`: deduplicated alerts, newest activity first, with their reasons, including
 * what their incidents' timelines explain (escalated, notified).
 */
export function alertRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/alerts',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'List deduplicated alerts',
          tags: ['alerts'],
          querystring: Type.Object(
            {
              state: Type.Optional(
                Type.Union([Type.Literal('firing'), Type.Literal('resolved'), Type.Literal('suppressed')]),
              ),
              resource: Type.Optional(Type.String({ maxLength: 256 })),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { limit = 100, ...rest } = request.query;
        const page = await ctx.store.listAlerts({ ...rest, limit });
        const alerts = await withIncidentReasons(ctx.store, page.items);
        return { items: alerts.map(presentAlert), next: page.next };
      },
    );
  };
}
