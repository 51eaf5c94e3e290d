import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '../../errors/vigil-error.js';
import type { ApiContext } from '../context.js';

/** `/healthz` (the process answers), `/readyz` (the store answers and startup is done), `/metrics`. */
export function healthRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/healthz', { config: { permission: 'public' }, schema: { tags: ['health'] } }, async () => ({
      status: 'ok',
    }));

    app.get('/readyz', { config: { permission: 'public' }, schema: { tags: ['health'] } }, async () => {
      const reason = ctx.notReadyReason();
      if (reason) throw new VigilError('VIGIL_ERR_NOT_READY', { reason });
      try {
        await ctx.store.ping();
      } catch (error) {
        throw new VigilError('VIGIL_ERR_STORE_UNAVAILABLE', { reason: (error as Error).message });
      }
      return { status: 'ready', store: ctx.store.kind };
    });

    app.get(
      '/metrics',
      {
        config: { permission: ctx.metricsAuth ? 'read' : 'public' },
        schema: { tags: ['health'], hide: true },
      },
      async (_request, reply) => {
        await ctx.refreshGauges();
        return reply.type(ctx.registry.contentType).send(await ctx.registry.metrics());
      },
    );
  };
}
