import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { alertmanagerToEvents, checkAlertmanagerVersion } from '../../ingest/alertmanager.js';
import { AlertmanagerWebhookSchema } from '../../ingest/schemas.js';
import { type ApiContext, ingestSink } from '../context.js';
import { errorResponses } from '../schemas/common.js';
import { strictValidator } from '../strict-validator.js';
import { checkBatchSize } from './batch-limit.js';

/**
 * `POST /api/v1/integrations/alertmanager`: Alertmanager's webhook receiver (`version: "4"`),
 * firing and resolved notifications alike. Answers 200 `{status: "ok", accepted}` once stored.
 */
export function alertmanagerRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const ingest = ingestSink(ctx, 'alertmanager');
    app.post(
      '/api/v1/integrations/alertmanager',
      {
        config: { permission: 'ingest' },
        validatorCompiler: strictValidator,
        schema: {
          summary: 'Receive an Alertmanager webhook notification',
          tags: ['ingest'],
          body: AlertmanagerWebhookSchema,
          response: {
            200: Type.Object({ status: Type.Literal('ok'), accepted: Type.Integer() }),
            ...errorResponses,
          },
        },
        preValidation: async (request) => {
          checkAlertmanagerVersion(request.body);
          checkBatchSize((request.body as { alerts?: unknown } | null)?.alerts, ctx.limits.batchEvents);
        },
      },
      async (request, reply) => {
        const receipts = await ingest(alertmanagerToEvents(request.body));
        return reply.code(200).send({ status: 'ok' as const, accepted: receipts.length });
      },
    );
  };
}
