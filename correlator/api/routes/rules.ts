import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiContext } from '../context.js';

/**
 * The rules in effect (`GET /api/v1/rules`, viewer) and their reload without a restart
 * (`POST /api/v1/rules/reload`, admin): 200 with what is now in effect, or 422
 * `VIGIL_ERR_RULES_RELOAD_FAILED` listing every problem while the previous rules stay in effect.
 */
export function ruleRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/rules',
      {
        config: { permission: 'read' },
        schema: {
          summary: 'The correlation rules in effect: counts by kind, version, load time',
          tags: ['rules'],
        },
      },
      async () => present(ctx.rules.summary()),
    );

    app.post(
      '/api/v1/rules/reload',
      {
        config: { permission: 'admin' },
        schema: {
          summary: 'Reload the rule files; a bad reload keeps the previous rules and answers 422',
          tags: ['rules'],
        },
      },
      async () => ({ status: 'reloaded', ...present(await ctx.rules.reload()) }),
    );
  };
}

function present(summary: { version: number; loadedAt: number; rules: Record<string, number> }) {
  return {
    version: summary.version,
    loadedAt: new Date(summary.loadedAt).toISOString(),
    rules: summary.rules,
  };
}
